import { Injectable, StreamableFile } from '@nestjs/common';
import { GetEvidenceRpc, ReadEvidenceChunkRpc, type Actor, type EvidenceDownload } from '@duban/contracts';
import { RpcClient } from '@duban/platform';
import { checkedChunks, chunkedDownload } from '../core/chunked-transfer';

/**
 * Streams an evidence file from the evaluation service: its facts first (scope checked there; out of scope
 * is a 404 before any byte is sent), then the bytes one chunk per request/reply, checked against the
 * SHA-256 on the way (see chunkedDownload).
 */
@Injectable()
export class EvidenceDownloads {
  constructor(private readonly rpc: RpcClient) {}

  async open(actor: Actor, evidenceId: string): Promise<StreamableFile> {
    const file = await this.rpc.call(GetEvidenceRpc, { actor, evidenceId });
    return chunkedDownload(file, (index) => this.readChunk(actor, file, index));
  }

  /** The whole file in memory (a photo to embed in a PDF report), checked against its SHA-256 as well. */
  async read(actor: Actor, file: EvidenceDownload): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of checkedChunks(file, (index) => this.readChunk(actor, file, index))) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  /** Asks for the file's facts only: scope is checked there (out of scope is a not_found). */
  describe(actor: Actor, evidenceId: string): Promise<EvidenceDownload> {
    return this.rpc.call(GetEvidenceRpc, { actor, evidenceId });
  }

  private readChunk(actor: Actor, file: EvidenceDownload, index: number): Promise<{ data: string }> {
    return this.rpc.call(ReadEvidenceChunkRpc, { actor, evidenceId: file.id, index });
  }
}
