import { StreamableFile } from '@nestjs/common';
import { ValidationError } from '@duban/contracts';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { contentDisposition } from './content-disposition';
import { malformedForm, tooLarge } from './upload-errors';

/**
 * A service's side of a chunked upload (evaluation's inspection evidence, projects' milestone files): the
 * same four request/replies, named by each service's own contract.
 */
export interface ChunkedUploadTarget<File> {
  /** Checks the caller may upload there and answers the service's limit and chunk size. */
  begin(filename: string): Promise<{ uploadId: string; maxBytes: number; chunkBytes: number }>;
  chunk(uploadId: string, index: number, data: string): Promise<unknown>;
  finish(uploadId: string, sizeBytes: number, sha256: string): Promise<File>;
  abort(uploadId: string): Promise<unknown>;
}

/**
 * Receives a multipart upload (field `file`) and streams it to a service in chunks over NATS (messages are
 * small: 1 MB by default). The gateway never holds more than one chunk, computes the SHA-256 on the way,
 * and the service checks size, checksum and type (by content) before storing it.
 */
export async function receiveChunkedUpload<File>(
  request: FastifyRequest,
  target: ChunkedUploadTarget<File>,
  defaultName: string,
): Promise<File> {
  if (!request.isMultipart())
    throw new ValidationError([{ field: 'file', message: '请以 multipart/form-data 上传，字段名 file' }]);
  const part = await request.file().catch(malformedForm);
  if (!part || part.fieldname !== 'file')
    throw new ValidationError([{ field: 'file', message: '缺少文件（字段名 file）' }]);
  if (part.filename.includes('\u0000')) {
    part.file.resume();
    throw new ValidationError([{ field: 'file', message: '文件名不能包含空字符' }]);
  }
  const filename = (part.filename || defaultName).slice(0, 200);
  const { uploadId, maxBytes, chunkBytes } = await target.begin(filename).catch((error: unknown) => {
    part.file.resume();
    throw error;
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
      await target.chunk(uploadId, index++, data.subarray(offset, offset + chunkBytes).toString('base64'));
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
    return await target.finish(uploadId, size, hash.digest('hex'));
  } catch (error) {
    part.file.resume();
    await Promise.resolve(target.abort(uploadId)).catch(() => undefined);
    return malformedForm(error);
  }
}

/** A stored file's facts as a service answers them before a download (its scope already checked). */
export interface ChunkedFile {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly chunkBytes: number;
}

/** The file as a response body, read a chunk per request/reply, never whole in memory. */
export function chunkedDownload(
  file: ChunkedFile,
  readChunk: (index: number) => Promise<{ data: string }>,
): StreamableFile {
  return new StreamableFile(Readable.from(checkedChunks(file, readChunk)), {
    type: file.contentType,
    length: file.sizeBytes,
    disposition: contentDisposition(file.filename),
  });
}

/**
 * The file's bytes chunk by chunk, its SHA-256 computed on the way: a file that no longer matches what was
 * stored ends with an error instead of being served as if whole.
 */
export async function* checkedChunks(
  file: ChunkedFile,
  readChunk: (index: number) => Promise<{ data: string }>,
): AsyncGenerator<Buffer> {
  const chunks = Math.ceil(file.sizeBytes / file.chunkBytes);
  const hash = createHash('sha256');
  let size = 0;
  for (let index = 0; index < chunks; index++) {
    const chunk = Buffer.from((await readChunk(index)).data, 'base64');
    size += chunk.length;
    hash.update(chunk);
    yield chunk;
  }
  if (size !== file.sizeBytes || hash.digest('hex') !== file.sha256) {
    throw new Error(`file ${file.id} does not match its stored checksum`);
  }
}
