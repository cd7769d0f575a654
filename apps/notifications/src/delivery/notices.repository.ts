import { Injectable } from '@nestjs/common';
import type { Tx } from '@duban/platform';
import { v7 as uuidv7 } from 'uuid';

export interface NewNotice {
  readonly source: string;
  readonly sourceId: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly projectId: string | null;
  readonly regionCode: string;
  readonly createdAt: Date;
}

/** Notices other services raised (`notice`): what their deliveries are about. One owner. */
@Injectable()
export class NoticesRepository {
  /** The notice's row id: inserted the first time, the same row when the notice comes again. */
  async upsert(tx: Tx, notice: NewNotice): Promise<string> {
    const [row]: { id: string }[] = await tx.query(
      `INSERT INTO notifications.notice (id, source, source_id, subject_type, subject_id, project_id, region_code, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (source, source_id) DO UPDATE SET source = EXCLUDED.source
       RETURNING id`,
      [
        uuidv7(),
        notice.source,
        notice.sourceId,
        notice.subjectType,
        notice.subjectId,
        notice.projectId,
        notice.regionCode,
        notice.createdAt,
      ],
    );
    if (!row) throw new Error(`Notice ${notice.source}:${notice.sourceId} was not stored`);
    return row.id;
  }
}
