import { modifiedRows, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';

/** A stored milestone file: its facts as checked on upload, and where the storage keeps its bytes. */
export interface MilestoneFileRecord {
  readonly id: string;
  readonly milestoneId: string;
  readonly filename: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly storageKey: string;
  readonly uploadedBy: string;
  readonly uploadedAt: Date;
}

/** An upload in progress: the milestone its file will go to and who sends it. */
export interface MilestoneFileUploadRecord {
  readonly id: string;
  readonly milestoneId: string;
  readonly filename: string;
  readonly uploadedBy: string;
}

const FILE_COLUMNS = `id, milestone_id AS "milestoneId", filename, content_type AS "contentType",
  size_bytes AS "sizeBytes", sha256, storage_key AS "storageKey", uploaded_by AS "uploadedBy",
  uploaded_at AS "uploadedAt"`;

/**
 * Milestone files, and the uploads in progress with their chunks (the gateway forwards them over NATS;
 * any replica may receive any chunk, so they wait in the database until the upload finishes).
 */
@Injectable()
export class MilestoneFilesRepository {
  async insertFile(tx: Tx, file: MilestoneFileRecord): Promise<void> {
    await tx.query(
      `INSERT INTO projects.milestone_file
         (id, milestone_id, filename, content_type, size_bytes, sha256, storage_key, uploaded_by, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        file.id,
        file.milestoneId,
        file.filename,
        file.contentType,
        file.sizeBytes,
        file.sha256,
        file.storageKey,
        file.uploadedBy,
        file.uploadedAt,
      ],
    );
  }

  async findFile(tx: Tx, id: string): Promise<MilestoneFileRecord | null> {
    const rows: MilestoneFileRecord[] = await tx.query(
      `SELECT ${FILE_COLUMNS} FROM projects.milestone_file WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** A milestone's files, oldest first. */
  async filesOf(tx: Tx, milestoneId: string): Promise<MilestoneFileRecord[]> {
    return tx.query(
      `SELECT ${FILE_COLUMNS} FROM projects.milestone_file WHERE milestone_id = $1 ORDER BY uploaded_at, id`,
      [milestoneId],
    );
  }

  async insertUpload(tx: Tx, upload: MilestoneFileUploadRecord, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO projects.milestone_file_upload (id, milestone_id, filename, uploaded_by, created_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [upload.id, upload.milestoneId, upload.filename, upload.uploadedBy, at],
    );
  }

  /** Removes the uploads begun before `before` and never finished (their chunks go with them). */
  async removeUploadsBegunBefore(tx: Tx, before: Date): Promise<void> {
    await tx.query(`DELETE FROM projects.milestone_file_upload WHERE created_at < $1`, [before]);
  }

  async findUpload(tx: Tx, id: string): Promise<MilestoneFileUploadRecord | null> {
    const rows: MilestoneFileUploadRecord[] = await tx.query(
      `SELECT id, milestone_id AS "milestoneId", filename, uploaded_by AS "uploadedBy"
         FROM projects.milestone_file_upload WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Bytes received so far. */
  async receivedBytes(tx: Tx, uploadId: string): Promise<number> {
    const rows: { n: number }[] = await tx.query(
      `SELECT COALESCE(sum(length(data)), 0)::int AS n FROM projects.milestone_file_upload_chunk WHERE upload_id = $1`,
      [uploadId],
    );
    return rows[0]?.n ?? 0;
  }

  /** Stores a chunk; a chunk sent again is kept once. */
  async addChunk(tx: Tx, uploadId: string, index: number, data: Buffer): Promise<void> {
    await tx.query(
      `INSERT INTO projects.milestone_file_upload_chunk (upload_id, index, data) VALUES ($1, $2, $3)
       ON CONFLICT (upload_id, index) DO NOTHING`,
      [uploadId, index, data],
    );
  }

  /** The chunks received, in order of their index. */
  async chunks(tx: Tx, uploadId: string): Promise<{ index: number; data: Buffer }[]> {
    return tx.query(
      `SELECT index, data FROM projects.milestone_file_upload_chunk WHERE upload_id = $1 ORDER BY index`,
      [uploadId],
    );
  }

  async removeUpload(tx: Tx, uploadId: string): Promise<void> {
    await tx.query(`DELETE FROM projects.milestone_file_upload WHERE id = $1`, [uploadId]);
  }

  /** Removes an upload only for the one who began it; says whether there was one. */
  async removeUploadOwnedBy(tx: Tx, uploadId: string, username: string): Promise<boolean> {
    const rows = await modifiedRows(
      tx,
      `DELETE FROM projects.milestone_file_upload WHERE id = $1 AND uploaded_by = $2 RETURNING id`,
      [uploadId, username],
    );
    return rows.length > 0;
  }
}
