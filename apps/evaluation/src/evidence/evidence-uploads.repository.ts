import { UploadStaging, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';

/** An upload in progress: where its file will go and who sends it. */
export interface UploadRecord {
  readonly id: string;
  readonly inspectionId: string;
  readonly itemId: string;
  readonly filename: string;
  readonly uploadedBy: string;
}

/** Evidence uploads in progress (for an inspection's checklist item) and their chunks. */
@Injectable()
export class EvidenceUploadsRepository extends UploadStaging {
  constructor() {
    super({ uploads: 'evaluation.evidence_upload', chunks: 'evaluation.evidence_upload_chunk' });
  }

  async insert(tx: Tx, upload: UploadRecord, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO evaluation.evidence_upload (id, inspection_id, item_id, filename, uploaded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [upload.id, upload.inspectionId, upload.itemId, upload.filename, upload.uploadedBy, at],
    );
  }

  async find(tx: Tx, id: string): Promise<UploadRecord | null> {
    const rows: UploadRecord[] = await tx.query(
      `SELECT id, inspection_id AS "inspectionId", item_id AS "itemId", filename, uploaded_by AS "uploadedBy"
         FROM evaluation.evidence_upload WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }
}
