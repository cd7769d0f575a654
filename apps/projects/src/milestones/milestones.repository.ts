import type { Evidence, MilestoneStatus } from '@duban/contracts';
import { modifiedRows, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { recordOverrunParameters, recordOverrunStatement, type OverrunRecord } from '../overruns/overruns.repository';

/** One reopening of a done milestone: why, when, by whom, and the completion it undid. */
export interface Reopening {
  readonly reason: string;
  readonly reopenedAt: string;
  readonly reopenedBy: string;
  /** Their 姓名或单位 then; absent from reopenings recorded before names were kept. */
  readonly reopenedByName?: string;
  readonly previous: { completedAt: string; completedBy: string | null; evidence: StoredEvidence | null };
}

/** Evidence as stored: what the user gave, and who gave it (name as shown at the time). */
export type StoredEvidence = Evidence & { recordedBy?: { userId: string; username: string; displayName: string } };

/**
 * A step of a county's project: one of the programme template's (`key` set, due on a local date) or an
 * extra one the county adds (no key, due at an exact instant, with its own reminder plan).
 * Invariants held by the schema: exactly one of dueDate/dueAt; status done ⇔ completedAt set.
 */
export interface MilestoneRecord {
  readonly id: string;
  readonly projectId: string;
  /** Template key (plan, site, push, …); null for an extra milestone. */
  readonly key: string | null;
  readonly title: string;
  /** Local date (YYYY-MM-DD, Asia/Shanghai); the milestone falls due at the end of that day. */
  readonly dueDate: string | null;
  /** Exact instant (extra milestones). */
  readonly dueAt: Date | null;
  readonly status: MilestoneStatus;
  /** Prerequisites: milestone ids of the same project. */
  readonly afterIds: string[];
  readonly responsibleOfficerIds: string[];
  /** ISO 8601 offsets from dueAt; null follows the programme's reminder policy. */
  readonly reminderPlan: string[] | null;
  readonly completedAt: Date | null;
  /** Username of whoever completed it. */
  readonly completedBy: string | null;
  readonly evidence: StoredEvidence | null;
  readonly reopenHistory: Reopening[];
  readonly sort: number;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type NewMilestone = Pick<
  MilestoneRecord,
  | 'id'
  | 'projectId'
  | 'key'
  | 'title'
  | 'dueDate'
  | 'dueAt'
  | 'afterIds'
  | 'responsibleOfficerIds'
  | 'reminderPlan'
  | 'sort'
>;

// A due date is read as text, so no driver or zone turns it into an instant. (Also read by MilestoneWriteContextRepository.)
export const MILESTONE_COLUMNS = `id, project_id AS "projectId", key, title, to_char(due_date, 'YYYY-MM-DD') AS "dueDate",
  due_at AS "dueAt", status, after_ids AS "afterIds", responsible_officer_ids AS "responsibleOfficerIds",
  reminder_plan AS "reminderPlan", completed_at AS "completedAt", completed_by AS "completedBy", evidence,
  reopen_history AS "reopenHistory", sort, version, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The columns one new milestone fills; chunks of 200 keep an INSERT well under Postgres' 65,535 parameters. */
const INSERTED_COLUMNS = 12;
const INSERT_CHUNK = 200;

/** Milestones (projects.milestone): their one owner. */
@Injectable()
export class MilestonesRepository {
  /** A project's milestones in the template's order, extras after. */
  findByProject(tx: Tx, projectId: string): Promise<MilestoneRecord[]> {
    return tx.query(
      `SELECT ${MILESTONE_COLUMNS} FROM projects.milestone WHERE project_id = $1 ORDER BY sort, created_at`,
      [projectId],
    );
  }

  async findByProjects(tx: Tx, projectIds: readonly string[]): Promise<MilestoneRecord[]> {
    if (projectIds.length === 0) return [];
    return tx.query(
      `SELECT ${MILESTONE_COLUMNS} FROM projects.milestone WHERE project_id = ANY($1::uuid[]) ORDER BY sort, created_at`,
      [[...projectIds]],
    );
  }

  /** `lock` holds the row until the transaction ends, for the write that follows. */
  async findById(tx: Tx, milestoneId: string, options: { lock?: boolean } = {}): Promise<MilestoneRecord | null> {
    const rows: MilestoneRecord[] = await tx.query(
      `SELECT ${MILESTONE_COLUMNS} FROM projects.milestone WHERE id = $1 ${options.lock ? 'FOR UPDATE' : ''}`,
      [milestoneId],
    );
    return rows[0] ?? null;
  }

  /** Inserts pending milestones created at `at`; returns them in the order given. */
  async insertMany(tx: Tx, milestones: readonly NewMilestone[], at: Date): Promise<MilestoneRecord[]> {
    const inserted = new Map<string, MilestoneRecord>();
    for (let start = 0; start < milestones.length; start += INSERT_CHUNK) {
      const chunk = milestones.slice(start, start + INSERT_CHUNK);
      const values = chunk.map((_, row) => {
        const first = row * INSERTED_COLUMNS;
        return `(${Array.from({ length: INSERTED_COLUMNS }, (__, column) => `$${first + column + 1}`).join(', ')})`;
      });
      const rows: MilestoneRecord[] = await tx.query(
        `INSERT INTO projects.milestone
           (id, project_id, key, title, due_date, due_at, after_ids, responsible_officer_ids, reminder_plan, sort,
            created_at, updated_at)
         VALUES ${values.join(', ')}
         RETURNING ${MILESTONE_COLUMNS}`,
        chunk.flatMap((milestone) => [
          milestone.id,
          milestone.projectId,
          milestone.key,
          milestone.title,
          milestone.dueDate,
          milestone.dueAt,
          milestone.afterIds,
          milestone.responsibleOfficerIds,
          milestone.reminderPlan,
          milestone.sort,
          at,
          at,
        ]),
      );
      for (const row of rows) inserted.set(row.id, row);
    }
    return milestones.map((milestone) => inserted.get(milestone.id) as MilestoneRecord);
  }

  /**
   * Marks the milestone done, with its completion's overrun record in the same statement (the busiest write
   * path, issue 17 G4: one round trip, and only the columns a completion changes, where `update` binds and
   * rewrites every column); its version goes up by one.
   */
  async complete(
    tx: Tx,
    milestoneId: string,
    completion: { completedAt: Date; completedBy: string; evidence: StoredEvidence },
    at: Date,
    overrun: OverrunRecord,
  ): Promise<MilestoneRecord> {
    const [updated] = await modifiedRows<MilestoneRecord>(
      tx,
      `WITH recorded AS (${recordOverrunStatement(6)})
       UPDATE projects.milestone
          SET status = 'done', completed_at = $2, completed_by = $3, evidence = $4::jsonb, version = version + 1,
              updated_at = $5
        WHERE id = $1
        RETURNING ${MILESTONE_COLUMNS}`,
      [
        milestoneId,
        completion.completedAt,
        completion.completedBy,
        JSON.stringify(completion.evidence),
        at,
        ...recordOverrunParameters(overrun),
      ],
    );
    if (!updated) throw new Error(`Milestone ${milestoneId} vanished while being completed`);
    return updated;
  }

  /** Writes the milestone's changeable columns as given; its version goes up by one. */
  async update(tx: Tx, milestone: MilestoneRecord, at: Date): Promise<MilestoneRecord> {
    const [updated] = await modifiedRows<MilestoneRecord>(
      tx,
      `UPDATE projects.milestone
          SET title = $2, due_date = $3, due_at = $4, status = $5, after_ids = $6, responsible_officer_ids = $7,
              reminder_plan = $8, completed_at = $9, completed_by = $10, evidence = $11::jsonb,
              reopen_history = $12::jsonb, version = version + 1, updated_at = $13
        WHERE id = $1
        RETURNING ${MILESTONE_COLUMNS}`,
      [
        milestone.id,
        milestone.title,
        milestone.dueDate,
        milestone.dueAt,
        milestone.status,
        milestone.afterIds,
        milestone.responsibleOfficerIds,
        milestone.reminderPlan,
        milestone.completedAt,
        milestone.completedBy,
        milestone.evidence === null ? null : JSON.stringify(milestone.evidence),
        JSON.stringify(milestone.reopenHistory),
        at,
      ],
    );
    if (!updated) throw new Error(`Milestone ${milestone.id} vanished while being updated`);
    return updated;
  }
}
