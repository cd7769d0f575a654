import {
  AbortEvidenceUploadRpc,
  BeginEvidenceUploadRpc,
  EvidenceChunkRpc,
  FinishEvidenceUploadRpc,
  GetEvidenceRpc,
  ReadEvidenceChunkRpc,
  type AbortEvidenceUploadRequest,
  type EvidenceDownload,
  type GetEvidenceRequest,
  type ReadEvidenceChunkRequest,
  type BeginEvidenceUploadRequest,
  type EvidenceChunkRequest,
  type EvidenceFile,
  type FinishEvidenceUploadRequest,
} from '@duban/contracts';
import { RpcHandler } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { EvidenceService } from './evidence.service';

@Injectable()
export class EvidenceHandler {
  constructor(private readonly evidence: EvidenceService) {}

  @RpcHandler(BeginEvidenceUploadRpc)
  begin(request: BeginEvidenceUploadRequest): Promise<{ uploadId: string; maxBytes: number; chunkBytes: number }> {
    return this.evidence.begin(request);
  }

  @RpcHandler(EvidenceChunkRpc)
  chunk(request: EvidenceChunkRequest): Promise<{ receivedBytes: number }> {
    return this.evidence.chunk(request);
  }

  @RpcHandler(FinishEvidenceUploadRpc)
  finish(request: FinishEvidenceUploadRequest): Promise<EvidenceFile> {
    return this.evidence.finish(request);
  }

  @RpcHandler(AbortEvidenceUploadRpc)
  abort(request: AbortEvidenceUploadRequest): Promise<{ aborted: boolean }> {
    return this.evidence.abort(request);
  }

  @RpcHandler(GetEvidenceRpc)
  describe(request: GetEvidenceRequest): Promise<EvidenceDownload> {
    return this.evidence.describe(request);
  }

  @RpcHandler(ReadEvidenceChunkRpc)
  read(request: ReadEvidenceChunkRequest): Promise<{ data: string }> {
    return this.evidence.readChunk(request);
  }
}
