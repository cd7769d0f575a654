import { Injectable } from '@nestjs/common';
import {
  AbortEvidenceUploadRpc,
  BeginEvidenceUploadRpc,
  EvidenceChunkRpc,
  FinishEvidenceUploadRpc,
  type Actor,
  type EvidenceFile,
} from '@duban/contracts';
import { RpcClient } from '@duban/platform';
import type { FastifyRequest } from 'fastify';
import { receiveChunkedUpload } from '../core/chunked-transfer';

/** Receives a multipart evidence upload and streams it to the evaluation service in chunks (see receiveChunkedUpload). */
@Injectable()
export class EvidenceUploads {
  constructor(private readonly rpc: RpcClient) {}

  receive(actor: Actor, inspectionId: string, itemId: string, request: FastifyRequest): Promise<EvidenceFile> {
    return receiveChunkedUpload(
      request,
      {
        begin: (filename) => this.rpc.call(BeginEvidenceUploadRpc, { actor, inspectionId, itemId, filename }),
        chunk: (uploadId, index, data) => this.rpc.call(EvidenceChunkRpc, { actor, uploadId, index, data }),
        finish: (uploadId, sizeBytes, sha256) =>
          this.rpc.call(FinishEvidenceUploadRpc, { actor, uploadId, sizeBytes, sha256 }),
        abort: (uploadId) => this.rpc.call(AbortEvidenceUploadRpc, { actor, uploadId }),
      },
      'evidence',
    );
  }
}
