import type { Tx } from '@duban/platform';
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
  /** The account's 姓名或单位 when it uploaded; null for files from before names were kept. */
  readonly uploadedByName: string | null;
  readonly uploadedAt: Date;
}

const FILE_COLUMNS = `id, milestone_id AS "milestoneId", filename, content_type AS "contentType",
  size_bytes AS "sizeBytes", sha256, storage_key AS "storageKey", uploaded_by AS "uploadedBy",
  uploaded_by_name AS "uploadedByName", uploaded_at AS "uploadedAt"`;

/** Milestone files: what was checked on upload, and where the storage keeps the bytes. */
@Injectable()
export class MilestoneFilesRepository {
  async insertFile(tx: Tx, file: MilestoneFileRecord): Promise<void> {
    await tx.query(
      `INSERT INTO projects.milestone_file
         (id, milestone_id, filename, content_type, size_bytes, sha256, storage_key, uploaded_by, uploaded_at,
          uploaded_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
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
        file.uploadedByName,
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
}
