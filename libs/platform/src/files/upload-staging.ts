import type { Tx } from '../database/transactions';
import { modifiedRows } from '../database/modified-rows';
import { fileTooLarge, verifyUploadedFile, type VerifiedFile } from './uploaded-file.rules';

/** A service's two staging tables, schema-qualified. */
export interface UploadTables {
  /** One row per upload in progress: `id`, `uploaded_by`, `created_at`, and what the file will belong to. */
  readonly uploads: string;
  /** Its chunks: `upload_id` (deleted with the upload), `index`, `data`; unique per (upload_id, index). */
  readonly chunks: string;
}

/**
 * Uploads in progress and their chunks. The gateway forwards a file's chunks over NATS and any replica may
 * receive any of them, so they wait in the service's database until the upload finishes. Each service
 * begins and finds uploads itself (what a file is attached to differs); receiving, assembling and
 * discarding are the same for every kind of file, and live here.
 */
export abstract class UploadStaging {
  protected constructor(private readonly tables: UploadTables) {}

  /** Removes the uploads begun before `before` and never finished (their chunks go with them). */
  async removeBegunBefore(tx: Tx, before: Date): Promise<void> {
    await tx.query(`DELETE FROM ${this.tables.uploads} WHERE created_at < $1`, [before]);
  }

  /**
   * Stores a chunk after checking that the upload stays within `maxBytes` (a chunk sent again is kept
   * once); returns the bytes received so far.
   */
  async receive(tx: Tx, uploadId: string, index: number, data: Buffer, maxBytes: number): Promise<number> {
    const [row]: { n: number }[] = await tx.query(
      `SELECT COALESCE(sum(length(data)), 0)::int AS n FROM ${this.tables.chunks} WHERE upload_id = $1`,
      [uploadId],
    );
    const received = (row?.n ?? 0) + data.length;
    if (received > maxBytes) throw fileTooLarge(maxBytes);
    await tx.query(
      `INSERT INTO ${this.tables.chunks} (upload_id, index, data) VALUES ($1, $2, $3)
       ON CONFLICT (upload_id, index) DO NOTHING`,
      [uploadId, index, data],
    );
    return received;
  }

  /** The file put together from its chunks and checked against what the sender declared (see verifyUploadedFile). */
  async assemble(
    tx: Tx,
    uploadId: string,
    declared: { sizeBytes: number; sha256: string },
    maxBytes: number,
  ): Promise<VerifiedFile> {
    const chunks: { index: number; data: Buffer }[] = await tx.query(
      `SELECT index, data FROM ${this.tables.chunks} WHERE upload_id = $1 ORDER BY index`,
      [uploadId],
    );
    return verifyUploadedFile(chunks, declared, maxBytes);
  }

  async remove(tx: Tx, uploadId: string): Promise<void> {
    await tx.query(`DELETE FROM ${this.tables.uploads} WHERE id = $1`, [uploadId]);
  }

  /** Removes an upload only for the one who began it; says whether there was one. */
  async removeOwnedBy(tx: Tx, uploadId: string, username: string): Promise<boolean> {
    const rows = await modifiedRows(
      tx,
      `DELETE FROM ${this.tables.uploads} WHERE id = $1 AND uploaded_by = $2 RETURNING id`,
      [uploadId, username],
    );
    return rows.length > 0;
  }
}
