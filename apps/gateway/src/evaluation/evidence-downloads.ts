import { Injectable, StreamableFile } from '@nestjs/common';
import { GetEvidenceRpc, ReadEvidenceChunkRpc, type Actor, type EvidenceDownload } from '@duban/contracts';
import { RpcClient } from '@duban/platform';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { contentDisposition } from '../core/content-disposition';

/**
 * Streams an evidence file from the evaluation service: its facts first (scope checked there; out of scope
 * is a 404 before any byte is sent), then the bytes one chunk per request/reply, never the whole file in
 * memory. The SHA-256 is computed on the way: a file that no longer matches what was stored ends the
 * response with an error instead of being served as if whole.
 */
@Injectable()
export class EvidenceDownloads {
  constructor(private readonly rpc: RpcClient) {}

  async open(actor: Actor, evidenceId: string): Promise<StreamableFile> {
    const file = await this.rpc.call(GetEvidenceRpc, { actor, evidenceId });
    return new StreamableFile(Readable.from(this.bytes(actor, file)), {
      type: file.contentType,
      length: file.sizeBytes,
      disposition: contentDisposition(file.filename),
    });
  }

  /** The whole file in memory (a photo to embed in a PDF report), checked against its SHA-256 as well. */
  async read(actor: Actor, file: EvidenceDownload): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.bytes(actor, file)) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  /** Asks for the file's facts only: scope is checked there (out of scope is a not_found). */
  describe(actor: Actor, evidenceId: string): Promise<EvidenceDownload> {
    return this.rpc.call(GetEvidenceRpc, { actor, evidenceId });
  }

  private async *bytes(actor: Actor, file: EvidenceDownload): AsyncGenerator<Buffer> {
    const chunks = Math.ceil(file.sizeBytes / file.chunkBytes);
    const hash = createHash('sha256');
    let size = 0;
    for (let index = 0; index < chunks; index++) {
      const { data } = await this.rpc.call(ReadEvidenceChunkRpc, { actor, evidenceId: file.id, index });
      const chunk = Buffer.from(data, 'base64');
      size += chunk.length;
      hash.update(chunk);
      yield chunk;
    }
    if (size !== file.sizeBytes || hash.digest('hex') !== file.sha256) {
      throw new Error(`evidence ${file.id} does not match its stored checksum`);
    }
  }
}
