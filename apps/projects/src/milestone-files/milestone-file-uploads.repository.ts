import { UploadStaging, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';

/** An upload in progress: the milestone its file will go to and who sends it. */
export interface MilestoneFileUploadRecord {
  readonly id: string;
  readonly milestoneId: string;
  readonly filename: string;
  readonly uploadedBy: string;
}

/** Milestone file uploads in progress and their chunks. */
@Injectable()
export class MilestoneFileUploadsRepository extends UploadStaging {
  constructor() {
    super({ uploads: 'projects.milestone_file_upload', chunks: 'projects.milestone_file_upload_chunk' });
  }

  async insert(tx: Tx, upload: MilestoneFileUploadRecord, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO projects.milestone_file_upload (id, milestone_id, filename, uploaded_by, created_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [upload.id, upload.milestoneId, upload.filename, upload.uploadedBy, at],
    );
  }

  async find(tx: Tx, id: string): Promise<MilestoneFileUploadRecord | null> {
    const rows: MilestoneFileUploadRecord[] = await tx.query(
      `SELECT id, milestone_id AS "milestoneId", filename, uploaded_by AS "uploadedBy"
         FROM projects.milestone_file_upload WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }
}
