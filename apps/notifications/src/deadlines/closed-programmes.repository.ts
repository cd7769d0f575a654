import type { Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';

export interface ClosedProgramme {
  readonly programmeId: string;
  readonly programmeCode: string;
  readonly status: 'closed' | 'archived';
  readonly closedAt: Date;
  readonly eventId: string;
  readonly cancelledDeadlines: number;
}

/** The programmes nothing may be planned for any more (`notifications.closed_programme`, its one owner). */
@Injectable()
export class ClosedProgrammesRepository {
  /**
   * Records the programme as closed (or archived, later) and how many deadlines its closing cancelled; the
   * first closing's count and instant are kept when it is archived afterwards.
   */
  async record(tx: Tx, programme: Omit<ClosedProgramme, 'cancelledDeadlines'>, cancelled: number): Promise<void> {
    await tx.query(
      `INSERT INTO notifications.closed_programme
         (programme_id, programme_code, status, closed_at, event_id, cancelled_deadlines)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (programme_id) DO UPDATE
         SET status = excluded.status, event_id = excluded.event_id,
             cancelled_deadlines = closed_programme.cancelled_deadlines + excluded.cancelled_deadlines`,
      [
        programme.programmeId,
        programme.programmeCode,
        programme.status,
        programme.closedAt,
        programme.eventId,
        cancelled,
      ],
    );
  }

  async isClosed(tx: Tx, programmeId: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(`SELECT 1 FROM notifications.closed_programme WHERE programme_id = $1`, [
      programmeId,
    ]);
    return rows.length > 0;
  }

  async find(tx: Tx, programmeId: string): Promise<ClosedProgramme | null> {
    const rows: ClosedProgramme[] = await tx.query(
      `SELECT programme_id AS "programmeId", programme_code AS "programmeCode", status, closed_at AS "closedAt",
              event_id AS "eventId", cancelled_deadlines AS "cancelledDeadlines"
         FROM notifications.closed_programme WHERE programme_id = $1`,
      [programmeId],
    );
    return rows[0] ?? null;
  }
}
