import type { Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';

export interface ClosedProgrammeRecord {
  readonly programmeId: string;
  readonly name: string;
  readonly year: number;
  readonly status: 'closed' | 'archived';
}

/** `evaluation.closed_programme`, its one owner: kept from the projects service's ProgrammeClosed. */
@Injectable()
export class ClosedProgrammesRepository {
  /** Closed, then perhaps archived: never open again. */
  async record(tx: Tx, programme: ClosedProgrammeRecord & { programmeCode: string; closedAt: Date }): Promise<void> {
    await tx.query(
      `INSERT INTO evaluation.closed_programme (programme_id, programme_code, name, year, status, closed_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (programme_id) DO UPDATE
         SET status = CASE WHEN closed_programme.status = 'archived' THEN 'archived' ELSE excluded.status END`,
      [
        programme.programmeId,
        programme.programmeCode,
        programme.name,
        programme.year,
        programme.status,
        programme.closedAt,
      ],
    );
  }

  async find(tx: Tx, programmeId: string): Promise<ClosedProgrammeRecord | null> {
    const rows: ClosedProgrammeRecord[] = await tx.query(
      `SELECT programme_id AS "programmeId", name, year, status FROM evaluation.closed_programme
        WHERE programme_id = $1`,
      [programmeId],
    );
    return rows[0] ?? null;
  }
}
