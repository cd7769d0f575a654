import type { AnswerableOfficer, MilestoneStatus } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { owesReport } from '../reports/report-rules';
import type { CountyRef } from './overrun-rules';

/** A completion as recorded: how late it came and who answered for it then. */
export interface OverrunRecord {
  readonly milestoneId: string;
  readonly completedAt: Date;
  readonly workingDaysLate: number;
  readonly answerable: AnswerableOfficer[];
}

/** A milestone due in the report's period, with its county and, when done, its recorded completion. */
export interface PeriodMilestone {
  readonly id: string;
  readonly projectId: string;
  readonly regionCode: string;
  readonly regionName: string;
  readonly title: string;
  readonly dueDate: string | null;
  readonly dueAt: Date | null;
  readonly status: MilestoneStatus;
  readonly completedAt: Date | null;
  readonly responsibleOfficerIds: string[];
  /** Null for an open milestone, and for one completed before completions were recorded. */
  readonly workingDaysLate: number | null;
  readonly answerable: AnswerableOfficer[] | null;
}

/**
 * A monthly report due in the report's period: filed late (its first submission, as recorded then) or not
 * filed. `history` marks a programme loaded after its year had ended, whose reports were never chased here.
 */
export interface PeriodReport {
  readonly projectId: string;
  readonly regionCode: string;
  readonly regionName: string;
  /** 'YYYY-MM' */
  readonly month: string;
  readonly dueDate: string;
  readonly history: boolean;
  /** Null while the report is not filed. */
  readonly firstSubmittedAt: Date | null;
  /** Null for a report not filed, and for one filed before first submissions were recorded. */
  readonly workingDaysLate: number | null;
  readonly answerable: AnswerableOfficer[] | null;
}

/**
 * The statement that records (or replaces, after a reopen) a milestone's standing completion, its parameters
 * numbered from `$first` (see recordOverrunParameters): also run as part of a completion's own UPDATE
 * (MilestonesRepository.complete), one statement fewer on the busiest write path (issue 17 G4).
 */
export function recordOverrunStatement(first: number): string {
  const [milestoneId, completedAt, workingDaysLate, answerable] = [0, 1, 2, 3].map((offset) => `$${first + offset}`);
  return `INSERT INTO projects.milestone_overrun (milestone_id, completed_at, working_days_late, answerable)
       VALUES (${milestoneId}, ${completedAt}, ${workingDaysLate}, ${answerable}::jsonb)
       ON CONFLICT (milestone_id) DO UPDATE
         SET completed_at = excluded.completed_at, working_days_late = excluded.working_days_late,
             answerable = excluded.answerable`;
}

export function recordOverrunParameters(overrun: OverrunRecord): unknown[] {
  return [overrun.milestoneId, overrun.completedAt, overrun.workingDaysLate, JSON.stringify(overrun.answerable)];
}

/** Recorded completions (projects.milestone_overrun): their one owner, and the report's reads. */
@Injectable()
export class OverrunsRepository {
  /** Records (or replaces, after a reopen) the milestone's standing completion. */
  async record(tx: Tx, overrun: OverrunRecord): Promise<void> {
    await tx.query(recordOverrunStatement(1), recordOverrunParameters(overrun));
  }

  /** A reopened milestone has no standing completion (its reopen history keeps the one undone). */
  async remove(tx: Tx, milestoneId: string): Promise<void> {
    await tx.query(`DELETE FROM projects.milestone_overrun WHERE milestone_id = $1`, [milestoneId]);
  }

  async find(tx: Tx, milestoneId: string): Promise<OverrunRecord | null> {
    const rows: OverrunRecord[] = await tx.query(
      `SELECT milestone_id AS "milestoneId", completed_at AS "completedAt", working_days_late AS "workingDaysLate",
              answerable
         FROM projects.milestone_overrun WHERE milestone_id = $1`,
      [milestoneId],
    );
    return rows[0] ?? null;
  }

  /** Every county at or under `code`, with its project of the newest programme (null when it has none). */
  countiesUnder(tx: Tx, code: string): Promise<CountyRef[]> {
    return tx.query(
      `WITH RECURSIVE tree AS (
         SELECT code, name, level FROM projects.region WHERE code = $1
         UNION ALL
         SELECT r.code, r.name, r.level FROM projects.region r JOIN tree ON r.parent_code = tree.code
       )
       SELECT t.code AS "regionCode", t.name AS "regionName",
              (SELECT p.id FROM projects.county_project p JOIN projects.programme g ON g.id = p.programme_id
                WHERE p.region_code = t.code ORDER BY g.year DESC, g.created_at DESC LIMIT 1) AS "projectId"
         FROM tree t WHERE t.level = 'county' ORDER BY t.code`,
      [code],
    );
  }

  /**
   * The milestones of these counties due in [from, to] (their due day, in Asia/Shanghai) that are open, or
   * done with a recorded completion that came late: the candidates of the report.
   */
  dueBetween(tx: Tx, countyCodes: readonly string[], from: string, to: string): Promise<PeriodMilestone[]> {
    return tx.query(
      `SELECT m.id, m.project_id AS "projectId", p.region_code AS "regionCode", r.name AS "regionName", m.title,
              to_char(m.due_date, 'YYYY-MM-DD') AS "dueDate", m.due_at AS "dueAt", m.status,
              m.completed_at AS "completedAt", m.responsible_officer_ids AS "responsibleOfficerIds",
              o.working_days_late AS "workingDaysLate", o.answerable
         FROM projects.milestone m
         JOIN projects.county_project p ON p.id = m.project_id
         JOIN projects.region r ON r.code = p.region_code
         LEFT JOIN projects.milestone_overrun o ON o.milestone_id = m.id
        WHERE p.region_code = ANY($1::text[])
          AND COALESCE(m.due_date, ((m.due_at - interval '1 millisecond') AT TIME ZONE 'Asia/Shanghai')::date)
              BETWEEN $2::date AND $3::date
          AND (m.status <> 'done' OR o.working_days_late > 0)
        ORDER BY p.region_code, m.sort, m.created_at`,
      [[...countyCodes], from, to],
    );
  }

  /**
   * The monthly reports of these counties' projects due in [from, to] (each month of a programme's year is
   * due on its report day) that are not filed, or whose first submission came after the due day: the
   * report's other candidates. Read from projects.monthly_report, whose owner records the first submission.
   * Only the months the programme owes count (`owesReport`, the rule every reader of reports applies).
   */
  async reportsDueBetween(tx: Tx, countyCodes: readonly string[], from: string, to: string): Promise<PeriodReport[]> {
    const rows: (PeriodReport & { year: number; reportDueDay: number; createdAt: Date })[] = await tx.query(
      `SELECT p.id AS "projectId", p.region_code AS "regionCode", r.name AS "regionName", due.month,
              to_char(due.day, 'YYYY-MM-DD') AS "dueDate",
              g.year < extract(year FROM g.created_at AT TIME ZONE 'Asia/Shanghai') AS history,
              (mr.history -> 0 ->> 'at')::timestamptz AS "firstSubmittedAt",
              mr.working_days_late AS "workingDaysLate", mr.answerable, g.year, g.report_due_day AS "reportDueDay",
              g.created_at AS "createdAt"
         FROM projects.county_project p
         JOIN projects.programme g ON g.id = p.programme_id
         JOIN projects.region r ON r.code = p.region_code
         CROSS JOIN LATERAL (
           SELECT to_char(make_date(g.year, n, 1), 'YYYY-MM') AS month, make_date(g.year, n, g.report_due_day) AS day
             FROM generate_series(1, 12) AS n
         ) due
         LEFT JOIN projects.monthly_report mr ON mr.project_id = p.id AND mr.month = due.month
        WHERE p.region_code = ANY($1::text[])
          AND due.day BETWEEN $2::date AND $3::date
          AND (mr.id IS NULL OR mr.late)
        ORDER BY p.region_code, due.month`,
      [[...countyCodes], from, to],
    );
    return rows
      .filter((row) => owesReport(row.month, row))
      .map(({ year: _year, reportDueDay: _day, createdAt: _createdAt, ...report }) => report);
  }
}
