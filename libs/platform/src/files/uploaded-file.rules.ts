import { ValidationError } from '@duban/contracts';
import { createHash } from 'node:crypto';
import { sniffEvidenceType, type EvidenceContentType } from './file-type.rules';

/** A file assembled from its chunks and checked: what a service may store. */
export interface VerifiedFile {
  readonly data: Buffer;
  readonly sha256: string;
  readonly contentType: EvidenceContentType;
}

/**
 * Puts an upload's chunks together and checks them against what the sender declared, before anything is
 * stored: no chunk missing, the size and SHA-256 the gateway computed, within the limit, and a type
 * accepted by content (magic bytes), whatever the name says. Each refusal names the field `file`.
 */
export function verifyUploadedFile(
  chunks: readonly { index: number; data: Buffer }[],
  declared: { sizeBytes: number; sha256: string },
  maxBytes: number,
): VerifiedFile {
  chunks.forEach((chunk, position) => {
    if (chunk.index !== position) throw new ValidationError([{ field: 'file', message: `缺少第 ${position} 块数据` }]);
  });
  const data = Buffer.concat(chunks.map((chunk) => chunk.data));
  if (data.length !== declared.sizeBytes) {
    throw new ValidationError([
      { field: 'file', message: `收到 ${data.length} 字节，与声明的 ${declared.sizeBytes} 字节不符` },
    ]);
  }
  if (data.length === 0) throw new ValidationError([{ field: 'file', message: '文件为空' }]);
  if (data.length > maxBytes) throw fileTooLarge(maxBytes);
  const sha256 = createHash('sha256').update(data).digest('hex');
  if (sha256 !== declared.sha256) {
    throw new ValidationError([{ field: 'file', message: '文件校验值不符，传输中可能损坏，请重新上传' }]);
  }
  const contentType = sniffEvidenceType(data.subarray(0, 16));
  if (!contentType) {
    throw new ValidationError([
      { field: 'file', message: '只接受 JPG、PNG、WEBP 图片或 PDF 文件（按文件内容判断，而非文件名）' },
    ]);
  }
  return { data, sha256, contentType };
}

/** "文件超过 10 MB 上限" */
export function fileTooLarge(maxBytes: number): ValidationError {
  const mb = maxBytes / (1024 * 1024);
  return new ValidationError([
    { field: 'file', message: `文件超过 ${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB 上限` },
  ]);
}
