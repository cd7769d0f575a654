import { Injectable } from '@nestjs/common';
import {
  AbortEvidenceUploadRpc,
  BeginEvidenceUploadRpc,
  EvidenceChunkRpc,
  FinishEvidenceUploadRpc,
  ValidationError,
  type Actor,
  type EvidenceFile,
} from '@duban/contracts';
import { RpcClient } from '@duban/platform';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { malformedForm, tooLarge } from '../core/upload-errors';

/**
 * Receives a multipart evidence upload and streams it to the evaluation service in chunks over NATS
 * (messages are small: 1 MB by default). The gateway never holds more than one chunk, computes the
 * SHA-256 on the way, and the service checks size, checksum and type (by content) before storing it.
 */
@Injectable()
export class EvidenceUploads {
  constructor(private readonly rpc: RpcClient) {}

  async receive(actor: Actor, inspectionId: string, itemId: string, request: FastifyRequest): Promise<EvidenceFile> {
    if (!request.isMultipart())
      throw new ValidationError([{ field: 'file', message: '请以 multipart/form-data 上传，字段名 file' }]);
    const part = await request.file().catch(malformedForm);
    if (!part || part.fieldname !== 'file')
      throw new ValidationError([{ field: 'file', message: '缺少文件（字段名 file）' }]);
    if (part.filename.includes('\u0000')) {
      part.file.resume();
      throw new ValidationError([{ field: 'file', message: '文件名不能包含空字符' }]);
    }
    const filename = (part.filename || 'evidence').slice(0, 200);
    const { uploadId, maxBytes, chunkBytes } = await this.rpc.call(BeginEvidenceUploadRpc, {
      actor,
      inspectionId,
      itemId,
      filename,
    });
    const hash = createHash('sha256');
    let size = 0;
    let index = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (): Promise<void> => {
      if (pendingBytes === 0) return;
      const data = Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      for (let offset = 0; offset < data.length; offset += chunkBytes) {
        const slice = data.subarray(offset, offset + chunkBytes);
        await this.rpc.call(EvidenceChunkRpc, { actor, uploadId, index: index++, data: slice.toString('base64') });
      }
    };
    try {
      for await (const piece of part.file as AsyncIterable<Buffer>) {
        size += piece.length;
        // Past the limit, read on to the end and drop the rest: leaving the loop early would destroy the file
        // stream with the request half read, and the client's next request on that connection is reset.
        if (size > maxBytes) continue;
        hash.update(piece);
        pending.push(piece);
        pendingBytes += piece.length;
        if (pendingBytes >= chunkBytes) await flush();
      }
      if (size > maxBytes || part.file.truncated) throw tooLarge(maxBytes);
      await flush();
      return await this.rpc.call(FinishEvidenceUploadRpc, {
        actor,
        uploadId,
        sizeBytes: size,
        sha256: hash.digest('hex'),
      });
    } catch (error) {
      part.file.resume();
      await this.rpc.call(AbortEvidenceUploadRpc, { actor, uploadId }).catch(() => undefined);
      return malformedForm(error);
    }
  }
}
