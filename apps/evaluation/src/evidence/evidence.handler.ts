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
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { EvidenceService } from './evidence.service';

@Controller()
export class EvidenceHandler {
  constructor(private readonly evidence: EvidenceService) {}

  @MessagePattern(BeginEvidenceUploadRpc.subject)
  begin(
    @Payload() request: BeginEvidenceUploadRequest,
  ): Promise<{ uploadId: string; maxBytes: number; chunkBytes: number }> {
    return this.evidence.begin(request);
  }

  @MessagePattern(EvidenceChunkRpc.subject)
  chunk(@Payload() request: EvidenceChunkRequest): Promise<{ receivedBytes: number }> {
    return this.evidence.chunk(request);
  }

  @MessagePattern(FinishEvidenceUploadRpc.subject)
  finish(@Payload() request: FinishEvidenceUploadRequest): Promise<EvidenceFile> {
    return this.evidence.finish(request);
  }

  @MessagePattern(AbortEvidenceUploadRpc.subject)
  abort(@Payload() request: AbortEvidenceUploadRequest): Promise<{ aborted: boolean }> {
    return this.evidence.abort(request);
  }

  @MessagePattern(GetEvidenceRpc.subject)
  describe(@Payload() request: GetEvidenceRequest): Promise<EvidenceDownload> {
    return this.evidence.describe(request);
  }

  @MessagePattern(ReadEvidenceChunkRpc.subject)
  read(@Payload() request: ReadEvidenceChunkRequest): Promise<{ data: string }> {
    return this.evidence.readChunk(request);
  }
}
