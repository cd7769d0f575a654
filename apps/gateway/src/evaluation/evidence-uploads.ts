import multipart from '@fastify/multipart';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  AbortEvidenceUploadRpc,
  BeginEvidenceUploadRpc,
  EvidenceChunkRpc,
  FinishEvidenceUploadRpc,
  DomainError,
  ValidationError,
  type Actor,
  type EvidenceFile,
} from '@duban/contracts';
import { RpcClient } from '@duban/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';

/**
 * The largest file the gateway will read at all. The real limit is the evaluation service's
 * (DUBAN_EVIDENCE_MAX_BYTES), which it states when an upload begins; the gateway stops reading as soon as
 * a file exceeds it.
 */
const HARD_CAP_BYTES = 200 * 1024 * 1024;

/**
 * Receives a multipart evidence upload and streams it to the evaluation service in chunks over NATS
 * (messages are small: 1 MB by default). The gateway never holds more than one chunk, computes the
 * SHA-256 on the way, and the service checks size, checksum and type (by content) before storing it.
 */
@Injectable()
export class EvidenceUploads implements OnModuleInit {
  constructor(
    private readonly rpc: RpcClient,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Queued here and loaded when the server gets ready, so the gateway's bootstrap needs no change for it.
    // Not awaited: awaiting would load Fastify's plugin queue early, ahead of the error handling set up
    // around the login rate limit (its 429 then lost the problem+json shape).
    void fastify.register(multipart, { limits: { fileSize: HARD_CAP_BYTES, files: 1, fields: 5, parts: 6 } });
  }

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

/**
 * The form parser's own failures (a body cut short, a malformed part) are the client's: 400 naming the file.
 * Errors with a status of their own (the multipart plugin's limits) and domain errors pass as they are.
 */
function malformedForm(error: unknown): never {
  if (error instanceof DomainError || typeof (error as { statusCode?: unknown })?.statusCode === 'number') throw error;
  throw new ValidationError([{ field: 'file', message: '上传的表单格式有误，请重新选择文件上传' }]);
}

function tooLarge(maxBytes: number): ValidationError {
  const mb = maxBytes / (1024 * 1024);
  return new ValidationError([
    { field: 'file', message: `文件超过 ${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB 上限` },
  ]);
}
