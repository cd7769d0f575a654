import { Injectable, StreamableFile } from '@nestjs/common';
import { GetEvidenceRpc, ReadEvidenceChunkRpc, type Actor } from '@duban/contracts';
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
    const chunks = Math.ceil(file.sizeBytes / file.chunkBytes);
    const rpc = this.rpc;
    async function* bytes(): AsyncGenerator<Buffer> {
      const hash = createHash('sha256');
      let size = 0;
      for (let index = 0; index < chunks; index++) {
        const { data } = await rpc.call(ReadEvidenceChunkRpc, { actor, evidenceId, index });
        const chunk = Buffer.from(data, 'base64');
        size += chunk.length;
        hash.update(chunk);
        yield chunk;
      }
      if (size !== file.sizeBytes || hash.digest('hex') !== file.sha256) {
        throw new Error(`evidence ${evidenceId} does not match its stored checksum`);
      }
    }
    return new StreamableFile(Readable.from(bytes()), {
      type: file.contentType,
      length: file.sizeBytes,
      disposition: contentDisposition(file.filename),
    });
  }
}
