import type { MilestoneTemplateItemData, ProgrammeStatus, ReminderPolicy } from '@duban/contracts';
import { modifiedRows, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';

/** One milestone of the template: `due` is MM-DD in the programme's year; `after` names prerequisite keys. */
export type MilestoneTemplateItem = MilestoneTemplateItemData;

/**
 * A public programme over one region tree, e.g. 2023's 公益性零工市场县县全覆盖 over 山西省's 117 counties.
 * Everything that varies between programmes (milestone template, rubric, funding sources, reminder
 * policy) is data hung off this row, so a new year or programme is a new row, not a code change.
 */
export interface ProgrammeRecord {
  readonly id: string;
  /** Stable key other services use (e.g. funding's budgets), e.g. 'shanxi-2023-gig-markets'. */
  readonly code: string;
  readonly name: string;
  readonly year: number;
  /** The region whose counties take part (the province). */
  readonly rootRegionCode: string;
  /** How many counties the programme covers, as the documents state it (117). */
  readonly countyCount: number;
  /** The milestones every county's project gets, due dates as month-day in the programme's year. */
  readonly milestoneTemplate: MilestoneTemplateItem[];
  /** When reminders, overdue alerts and escalations go out (read by the notifications service via events). */
  readonly reminderPolicy: ReminderPolicy;
  /** Day of the month by which the month's report is due; a report filed after it is marked late. */
  readonly reportDueDay: number;
  /** Working days a county has to resubmit a returned report. */
  readonly reportResubmitWorkingDays: number;
  /** Exact reminder instants of the reports (ISO 8601 offsets from the due instant); null: the policy. */
  readonly reportReminderPlan: string[] | null;
  /** From this month of the programme's year on, the three operating figures are required (10 = October). */
  readonly operatingFiguresFromMonth: number;
  /** A milestone not done and due within this many working days shows yellow. */
  readonly yellowWithinWorkingDays: number;
  /** The programme this one was copied from (a new year from last year's template). */
  readonly sourceProgrammeId: string | null;
  /** The template version the programme follows, with its code and version; null before templates. */
  readonly templateId: string | null;
  readonly templateCode: string | null;
  readonly templateVersion: number | null;
  /** Open: work goes on. Closed or archived: read-only. */
  readonly status: ProgrammeStatus;
  readonly closedAt: Date | null;
  readonly createdAt: Date;
}

/** A programme to insert; `template` names the template version it follows (by code and version). */
export type NewProgramme = Omit<
  ProgrammeRecord,
  'id' | 'createdAt' | 'templateId' | 'templateCode' | 'templateVersion' | 'status' | 'closedAt'
> & { readonly template?: { readonly code: string; readonly version: number } };

/** The parts of a programme that say how it runs (as opposed to which one it is). */
export type ProgrammeDefinition = Pick<
  ProgrammeRecord,
  'milestoneTemplate' | 'reminderPolicy' | 'reportDueDay' | 'operatingFiguresFromMonth' | 'yellowWithinWorkingDays'
>;

/** How a programme's monthly reports are chased (`PUT /api/programmes/:id/report-settings`). */
export type ReportSettings = Pick<ProgrammeRecord, 'reportDueDay' | 'reportResubmitWorkingDays' | 'reportReminderPlan'>;

/** The columns of a ProgrammeRecord (also read by the one query a milestone write starts with). */
export const PROGRAMME_COLUMNS = `id, code, name, year, root_region_code AS "rootRegionCode", county_count AS "countyCount",
  milestone_template AS "milestoneTemplate", reminder_policy AS "reminderPolicy", report_due_day AS "reportDueDay",
  report_resubmit_working_days AS "reportResubmitWorkingDays", report_reminder_plan AS "reportReminderPlan",
  operating_figures_from_month AS "operatingFiguresFromMonth", yellow_within_working_days AS "yellowWithinWorkingDays",
  source_programme_id AS "sourceProgrammeId", template_id AS "templateId",
  (SELECT code FROM projects.programme_template t WHERE t.id = template_id) AS "templateCode",
  (SELECT version FROM projects.programme_template t WHERE t.id = template_id) AS "templateVersion",
  status, closed_at AS "closedAt", created_at AS "createdAt"`;

const INSERT = `INSERT INTO projects.programme
  (code, name, year, root_region_code, county_count, milestone_template, reminder_policy, report_due_day,
   operating_figures_from_month, yellow_within_working_days, source_programme_id, created_at, template_id,
   report_resubmit_working_days, report_reminder_plan)
  VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11, $12,
          (SELECT id FROM projects.programme_template WHERE code = $13 AND version = $14), $15, $16::jsonb)`;

function insertParameters(programme: NewProgramme, createdAt: Date): unknown[] {
  return [
    programme.code,
    programme.name,
    programme.year,
    programme.rootRegionCode,
    programme.countyCount,
    JSON.stringify(programme.milestoneTemplate),
    JSON.stringify(programme.reminderPolicy),
    programme.reportDueDay,
    programme.operatingFiguresFromMonth,
    programme.yellowWithinWorkingDays,
    programme.sourceProgrammeId,
    createdAt,
    programme.template?.code ?? null,
    programme.template?.version ?? null,
    programme.reportResubmitWorkingDays,
    programme.reportReminderPlan === null ? null : JSON.stringify(programme.reportReminderPlan),
  ];
}

/** Programmes (projects.programme): their one owner. */
@Injectable()
export class ProgrammesRepository {
  findAll(tx: Tx): Promise<ProgrammeRecord[]> {
    return tx.query(`SELECT ${PROGRAMME_COLUMNS} FROM projects.programme ORDER BY year, code`);
  }

  /** `lock` holds the row until the transaction ends. */
  async findById(tx: Tx, id: string, options: { lock?: boolean } = {}): Promise<ProgrammeRecord | null> {
    const rows: ProgrammeRecord[] = await tx.query(
      `SELECT ${PROGRAMME_COLUMNS} FROM projects.programme WHERE id = $1 ${options.lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async findByIds(tx: Tx, ids: readonly string[]): Promise<ProgrammeRecord[]> {
    if (ids.length === 0) return [];
    return tx.query(`SELECT ${PROGRAMME_COLUMNS} FROM projects.programme WHERE id = ANY($1::uuid[])`, [
      [...new Set(ids)],
    ]);
  }

  async findByCode(tx: Tx, code: string): Promise<ProgrammeRecord | null> {
    const rows: ProgrammeRecord[] = await tx.query(
      `SELECT ${PROGRAMME_COLUMNS} FROM projects.programme WHERE code = $1`,
      [code],
    );
    return rows[0] ?? null;
  }

  /** The programmes whose root region is one of `regionCodes`; archived ones only when asked for. */
  findWithRoots(
    tx: Tx,
    regionCodes: ReadonlySet<string>,
    options: { archived?: boolean } = {},
  ): Promise<ProgrammeRecord[]> {
    return tx.query(
      `SELECT ${PROGRAMME_COLUMNS} FROM projects.programme
        WHERE root_region_code = ANY($1::text[]) AND ($2 OR status <> 'archived')
        ORDER BY year, code`,
      [[...regionCodes], options.archived ?? false],
    );
  }

  /** Every open programme. */
  findOpen(tx: Tx): Promise<ProgrammeRecord[]> {
    return tx.query(`SELECT ${PROGRAMME_COLUMNS} FROM projects.programme WHERE status = 'open' ORDER BY year, code`);
  }

  /** The open programmes that follow any version of template `code`, locked for the re-plan that follows. */
  findOpenByTemplate(tx: Tx, code: string): Promise<ProgrammeRecord[]> {
    return tx.query(
      `SELECT ${PROGRAMME_COLUMNS} FROM projects.programme
        WHERE status = 'open'
          AND template_id IN (SELECT id FROM projects.programme_template WHERE code = $1)
        ORDER BY year, code FOR UPDATE`,
      [code],
    );
  }

  /** Moves a programme to a template version and its definition (one version's parts the programme copies). */
  async applyTemplate(tx: Tx, id: string, templateId: string, definition: ProgrammeDefinition): Promise<void> {
    await tx.query(
      `UPDATE projects.programme
          SET template_id = $2, milestone_template = $3::jsonb, reminder_policy = $4::jsonb, report_due_day = $5,
              operating_figures_from_month = $6, yellow_within_working_days = $7
        WHERE id = $1`,
      [
        id,
        templateId,
        JSON.stringify(definition.milestoneTemplate),
        JSON.stringify(definition.reminderPolicy),
        definition.reportDueDay,
        definition.operatingFiguresFromMonth,
        definition.yellowWithinWorkingDays,
      ],
    );
  }

  /** Sets a programme's status (closed or archived), with the time it was closed. */
  async setStatus(tx: Tx, id: string, status: ProgrammeStatus, closedAt: Date | null): Promise<ProgrammeRecord> {
    const [row] = await modifiedRows<ProgrammeRecord>(
      tx,
      `UPDATE projects.programme SET status = $2, closed_at = $3 WHERE id = $1 RETURNING ${PROGRAMME_COLUMNS}`,
      [id, status, closedAt],
    );
    return row as ProgrammeRecord;
  }

  /** Whether `year` already exists in the family of `sourceId`: the source itself or a copy of it. */
  async yearExists(tx: Tx, sourceId: string, year: number): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `SELECT 1 FROM projects.programme WHERE (id = $1 OR source_programme_id = $1) AND year = $2 LIMIT 1`,
      [sourceId, year],
    );
    return rows.length > 0;
  }

  async insert(tx: Tx, programme: NewProgramme, createdAt: Date): Promise<ProgrammeRecord> {
    const [inserted] = (await tx.query(
      `${INSERT} RETURNING ${PROGRAMME_COLUMNS}`,
      insertParameters(programme, createdAt),
    )) as [ProgrammeRecord];
    return inserted;
  }

  /** Inserts the programme unless one with its code exists (which is left as it is). True if inserted. */
  async insertIfAbsent(tx: Tx, programme: NewProgramme, createdAt: Date): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `${INSERT} ON CONFLICT DO NOTHING RETURNING id`,
      insertParameters(programme, createdAt),
    );
    return rows.length > 0;
  }

  /** Sets how the programme's monthly reports are chased; returns the programme as it is now. */
  async updateReportSettings(tx: Tx, id: string, settings: ReportSettings): Promise<ProgrammeRecord | null> {
    const rows = await modifiedRows<ProgrammeRecord>(
      tx,
      `UPDATE projects.programme
          SET report_due_day = $2, report_resubmit_working_days = $3, report_reminder_plan = $4::jsonb
        WHERE id = $1 RETURNING ${PROGRAMME_COLUMNS}`,
      [
        id,
        settings.reportDueDay,
        settings.reportResubmitWorkingDays,
        settings.reportReminderPlan === null ? null : JSON.stringify(settings.reportReminderPlan),
      ],
    );
    return rows[0] ?? null;
  }

  /**
   * Gives a programme its definition if it has none yet (a row from before templates existed keeps the
   * column defaults: an empty template). Returns true if it did; a defined programme is left as it is.
   */
  async defineIfEmpty(tx: Tx, code: string, definition: ProgrammeDefinition): Promise<boolean> {
    const rows = await modifiedRows(
      tx,
      `UPDATE projects.programme
          SET milestone_template = $2::jsonb, reminder_policy = $3::jsonb, report_due_day = $4,
              operating_figures_from_month = $5, yellow_within_working_days = $6
        WHERE code = $1 AND milestone_template = '[]'::jsonb
        RETURNING id`,
      [
        code,
        JSON.stringify(definition.milestoneTemplate),
        JSON.stringify(definition.reminderPolicy),
        definition.reportDueDay,
        definition.operatingFiguresFromMonth,
        definition.yellowWithinWorkingDays,
      ],
    );
    return rows.length > 0;
  }
}
