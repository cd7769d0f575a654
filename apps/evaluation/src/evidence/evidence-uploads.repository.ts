import { modifiedRows, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';

/** An upload in progress: where its file will go and who sends it. */
export interface UploadRecord {
  readonly id: string;
  readonly inspectionId: string;
  readonly itemId: string;
  readonly filename: string;
  readonly uploadedBy: string;
}

/**
 * Uploads in progress and their chunks (the gateway forwards them over NATS; any replica may receive any
 * chunk, so they wait in the database until the upload finishes).
 */
@Injectable()
export class EvidenceUploadsRepository {
  async insert(tx: Tx, upload: UploadRecord, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO evaluation.evidence_upload (id, inspection_id, item_id, filename, uploaded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [upload.id, upload.inspectionId, upload.itemId, upload.filename, upload.uploadedBy, at],
    );
  }

  /** Removes the uploads begun before `before` and never finished (their chunks go with them). */
  async removeBegunBefore(tx: Tx, before: Date): Promise<void> {
    await tx.query(`DELETE FROM evaluation.evidence_upload WHERE created_at < $1`, [before]);
  }

  async find(tx: Tx, id: string): Promise<UploadRecord | null> {
    const rows: UploadRecord[] = await tx.query(
      `SELECT id, inspection_id AS "inspectionId", item_id AS "itemId", filename, uploaded_by AS "uploadedBy"
         FROM evaluation.evidence_upload WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Bytes received so far. */
  async receivedBytes(tx: Tx, uploadId: string): Promise<number> {
    const rows: { n: number }[] = await tx.query(
      `SELECT COALESCE(sum(length(data)), 0)::int AS n FROM evaluation.evidence_upload_chunk WHERE upload_id = $1`,
      [uploadId],
    );
    return rows[0]?.n ?? 0;
  }

  /** Stores a chunk; a chunk sent again is kept once. */
  async addChunk(tx: Tx, uploadId: string, index: number, data: Buffer): Promise<void> {
    await tx.query(
      `INSERT INTO evaluation.evidence_upload_chunk (upload_id, index, data) VALUES ($1, $2, $3)
       ON CONFLICT (upload_id, index) DO NOTHING`,
      [uploadId, index, data],
    );
  }

  /** The chunks received, in order of their index. */
  async chunks(tx: Tx, uploadId: string): Promise<{ index: number; data: Buffer }[]> {
    return tx.query(`SELECT index, data FROM evaluation.evidence_upload_chunk WHERE upload_id = $1 ORDER BY index`, [
      uploadId,
    ]);
  }

  async remove(tx: Tx, uploadId: string): Promise<void> {
    await tx.query(`DELETE FROM evaluation.evidence_upload WHERE id = $1`, [uploadId]);
  }

  /** Removes an upload only for the one who began it; says whether there was one. */
  async removeOwnedBy(tx: Tx, uploadId: string, username: string): Promise<boolean> {
    const rows = await modifiedRows(
      tx,
      `DELETE FROM evaluation.evidence_upload WHERE id = $1 AND uploaded_by = $2 RETURNING id`,
      [uploadId, username],
    );
    return rows.length > 0;
  }
}
