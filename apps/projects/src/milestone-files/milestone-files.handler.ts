import {
  AbortMilestoneFileUploadRpc,
  BeginMilestoneFileUploadRpc,
  FinishMilestoneFileUploadRpc,
  GetMilestoneFileRpc,
  ListMilestoneFilesRpc,
  MilestoneFileChunkRpc,
  ReadMilestoneFileChunkRpc,
  type AbortMilestoneFileUploadRequest,
  type BeginMilestoneFileUploadRequest,
  type FinishMilestoneFileUploadRequest,
  type GetMilestoneFileRequest,
  type ListMilestoneFilesRequest,
  type MilestoneFile,
  type MilestoneFileChunkRequest,
  type MilestoneFileDownload,
  type ReadMilestoneFileChunkRequest,
} from '@duban/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { MilestoneFilesService } from './milestone-files.service';

@Controller()
export class MilestoneFilesHandler {
  constructor(private readonly files: MilestoneFilesService) {}

  @MessagePattern(BeginMilestoneFileUploadRpc.subject)
  begin(
    @Payload() request: BeginMilestoneFileUploadRequest,
  ): Promise<{ uploadId: string; maxBytes: number; chunkBytes: number }> {
    return this.files.begin(request);
  }

  @MessagePattern(MilestoneFileChunkRpc.subject)
  chunk(@Payload() request: MilestoneFileChunkRequest): Promise<{ receivedBytes: number }> {
    return this.files.chunk(request);
  }

  @MessagePattern(FinishMilestoneFileUploadRpc.subject)
  finish(@Payload() request: FinishMilestoneFileUploadRequest): Promise<MilestoneFile> {
    return this.files.finish(request);
  }

  @MessagePattern(AbortMilestoneFileUploadRpc.subject)
  abort(@Payload() request: AbortMilestoneFileUploadRequest): Promise<{ aborted: boolean }> {
    return this.files.abort(request);
  }

  @MessagePattern(ListMilestoneFilesRpc.subject)
  list(@Payload() request: ListMilestoneFilesRequest): Promise<MilestoneFile[]> {
    return this.files.list(request);
  }

  @MessagePattern(GetMilestoneFileRpc.subject)
  describe(@Payload() request: GetMilestoneFileRequest): Promise<MilestoneFileDownload> {
    return this.files.describe(request);
  }

  @MessagePattern(ReadMilestoneFileChunkRpc.subject)
  read(@Payload() request: ReadMilestoneFileChunkRequest): Promise<{ data: string }> {
    return this.files.readChunk(request);
  }
}
