import { Injectable, StreamableFile } from '@nestjs/common';
import {
  AbortMilestoneFileUploadRpc,
  BeginMilestoneFileUploadRpc,
  FinishMilestoneFileUploadRpc,
  GetMilestoneFileRpc,
  MilestoneFileChunkRpc,
  ReadMilestoneFileChunkRpc,
  type Actor,
  type MilestoneFile,
} from '@duban/contracts';
import { RpcClient } from '@duban/platform';
import type { FastifyRequest } from 'fastify';
import { chunkedDownload, receiveChunkedUpload } from '../core/chunked-transfer';

/**
 * Milestone files through the gateway: uploads streamed to the projects service in chunks, downloads
 * streamed back a chunk at a time with the SHA-256 checked (the projects service checks scope and role).
 */
@Injectable()
export class MilestoneFiles {
  constructor(private readonly rpc: RpcClient) {}

  receive(actor: Actor, milestoneId: string, request: FastifyRequest): Promise<MilestoneFile> {
    return receiveChunkedUpload(
      request,
      {
        begin: (filename) => this.rpc.call(BeginMilestoneFileUploadRpc, { actor, milestoneId, filename }),
        chunk: (uploadId, index, data) => this.rpc.call(MilestoneFileChunkRpc, { actor, uploadId, index, data }),
        finish: (uploadId, sizeBytes, sha256) =>
          this.rpc.call(FinishMilestoneFileUploadRpc, { actor, uploadId, sizeBytes, sha256 }),
        abort: (uploadId) => this.rpc.call(AbortMilestoneFileUploadRpc, { actor, uploadId }),
      },
      'milestone-file',
    );
  }

  async open(actor: Actor, fileId: string): Promise<StreamableFile> {
    const file = await this.rpc.call(GetMilestoneFileRpc, { actor, fileId });
    return chunkedDownload(file, (index) => this.rpc.call(ReadMilestoneFileChunkRpc, { actor, fileId, index }));
  }
}
