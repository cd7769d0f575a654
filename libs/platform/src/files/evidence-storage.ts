import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';

/**
 * Where evidence files live (evaluation's inspection evidence, projects' milestone evidence). A service
 * depends on this interface only, so an object store (S3, MinIO, OSS) can replace the local disk by
 * providing another implementation under the same token.
 */
export abstract class EvidenceStorage {
  /** Stores `data` under a content-addressed key (its SHA-256) and returns the key. Idempotent. */
  abstract put(sha256: string, data: Buffer): Promise<string>;
  abstract get(key: string): Promise<Buffer>;
  /** Up to `length` bytes from `offset` (fewer at the end of the file): downloads read a chunk at a time. */
  abstract read(key: string, offset: number, length: number): Promise<Buffer>;
}

/**
 * Files on local disk under `root`, at `<aa>/<bb>/<sha256>`. Written to a temporary name and renamed, so
 * a reader never sees half a file; the same content twice is one file.
 */
export class LocalDiskEvidenceStorage extends EvidenceStorage {
  private readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  async put(sha256: string, data: Buffer): Promise<string> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('put needs the SHA-256 of the content');
    const key = `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomUUID()}.tmp`;
    await writeFile(temporary, data, { flag: 'wx' });
    await rename(temporary, path);
    return key;
  }

  get(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  async read(key: string, offset: number, length: number): Promise<Buffer> {
    const file = await open(this.pathOf(key), 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await file.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  }

  private pathOf(key: string): string {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(key)) throw new Error(`Not an evidence key: ${key}`);
    return join(this.root, key);
  }
}
