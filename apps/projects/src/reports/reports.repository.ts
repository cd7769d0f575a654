import type { AnswerableOfficer, MonthlyReportStatus, ReportHistoryEntry } from '@duban/contracts';
import { modifiedRows, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { ConstructionProgress, ConstructionType } from '../projects/projects.repository';

/**
 * A county project's monthly report (月报) for one month: the 附件1 columns, where it stands in the
 * submit → return/accept cycle, and that cycle's history. One per project and month (a unique key).
 */
export interface MonthlyReportRecord {
  readonly id: string;
  readonly projectId: string;
  /** 'YYYY-MM' */
  readonly month: string;
  /** 建设类型 */
  readonly constructionType: ConstructionType | null;
  /** 目前建设进度 */
  readonly progress: ConstructionProgress | null;
  /** 室内服务场所实际面积, whole m² */
  readonly actualAreaM2: number | null;
  /** 项目详细地址 */
  readonly address: string | null;
  /** 本月工作内容 */
  readonly workContent: string;
  /** 工作困难难点 */
  readonly difficulties: string;
  /** 意见建议 */
  readonly suggestions: string;
  /** 当月提供零工岗位数 */
  readonly gigJobsOffered: number | null;
  /** 当月服务零工人次 */
  readonly gigWorkerVisits: number | null;
  /** 当月达成意向上岗人次 */
  readonly placements: number | null;
  readonly status: MonthlyReportStatus;
  /** Set once, at the first submission (see `isLate`). */
  readonly late: boolean;
  /** The latest (re)submission. */
  readonly submittedAt: Date;
  /** Username of whoever made the latest (re)submission. */
  readonly submittedBy: string;
  readonly reviewComment: string | null;
  readonly reviewedAt: Date | null;
  readonly reviewedBy: string | null;
  /** Every step of the cycle, oldest first; only ever appended to. */
  readonly history: ReportHistoryEntry[];
  readonly version: number;
}

export type NewMonthlyReport = Omit<MonthlyReportRecord, 'id' | 'version'>;

const COLUMNS = `id, project_id AS "projectId", month, construction_type AS "constructionType", progress,
  actual_area_m2 AS "actualAreaM2", address, work_content AS "workContent", difficulties, suggestions,
  gig_jobs_offered AS "gigJobsOffered", gig_worker_visits AS "gigWorkerVisits", placements, status, late,
  submitted_at AS "submittedAt", submitted_by AS "submittedBy", review_comment AS "reviewComment",
  reviewed_at AS "reviewedAt", reviewed_by AS "reviewedBy", history, version`;

/** What the cycle changes (all but the project, the month and the late mark), in the order of `changingValues`. */
const CHANGING_COLUMNS = `construction_type, progress, actual_area_m2, address, work_content, difficulties, suggestions,
  gig_jobs_offered, gig_worker_visits, placements, status, submitted_at, submitted_by, review_comment, reviewed_at,
  reviewed_by, history`;

function changingValues(report: NewMonthlyReport): unknown[] {
  return [
    report.constructionType,
    report.progress,
    report.actualAreaM2,
    report.address,
    report.workContent,
    report.difficulties,
    report.suggestions,
    report.gigJobsOffered,
    report.gigWorkerVisits,
    report.placements,
    report.status,
    report.submittedAt,
    report.submittedBy,
    report.reviewComment,
    report.reviewedAt,
    report.reviewedBy,
    JSON.stringify(report.history),
  ];
}

/**
 * Monthly reports (projects.monthly_report): their one owner. Whether a caller may see one is its
 * project's business (ReportAccessService); nothing here is returned to a caller unchecked.
 */
@Injectable()
export class ReportsRepository {
  /** `lock` holds the row until the transaction ends, so two reviews cannot interleave. */
  /** The (project, month) of every report filed under a programme: those months are no longer due. */
  monthsFiledInProgramme(tx: Tx, programmeId: string): Promise<{ projectId: string; month: string }[]> {
    return tx.query(
      `SELECT r.project_id AS "projectId", r.month FROM projects.monthly_report r
         JOIN projects.county_project p ON p.id = r.project_id WHERE p.programme_id = $1`,
      [programmeId],
    );
  }

  async findById(tx: Tx, reportId: string, options: { lock?: boolean } = {}): Promise<MonthlyReportRecord | null> {
    const rows: MonthlyReportRecord[] = await tx.query(
      `SELECT ${COLUMNS} FROM projects.monthly_report WHERE id = $1 ${options.lock ? 'FOR UPDATE' : ''}`,
      [reportId],
    );
    return rows[0] ?? null;
  }

  /** A project's reports, newest month first. */
  listForProject(tx: Tx, projectId: string): Promise<MonthlyReportRecord[]> {
    return tx.query(`SELECT ${COLUMNS} FROM projects.monthly_report WHERE project_id = $1 ORDER BY month DESC`, [
      projectId,
    ]);
  }

  /** The reports of these projects for one month (at most one each). */
  findByProjectsAndMonth(tx: Tx, projectIds: readonly string[], month: string): Promise<MonthlyReportRecord[]> {
    if (projectIds.length === 0) return Promise.resolve([]);
    return tx.query(
      `SELECT ${COLUMNS} FROM projects.monthly_report WHERE project_id = ANY($1::uuid[]) AND month = $2`,
      [[...projectIds], month],
    );
  }

  /**
   * Inserts the report unless the project already has one for its month (the unique key decides, so two
   * submissions racing for the same month cannot both win). Null if one was already there.
   */
  async insertIfAbsent(tx: Tx, report: NewMonthlyReport): Promise<MonthlyReportRecord | null> {
    const rows: MonthlyReportRecord[] = await tx.query(
      `INSERT INTO projects.monthly_report (${CHANGING_COLUMNS}, project_id, month, late)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::jsonb, $18, $19, $20)
       ON CONFLICT DO NOTHING
       RETURNING ${COLUMNS}`,
      [...changingValues(report), report.projectId, report.month, report.late],
    );
    return rows[0] ?? null;
  }

  /**
   * Records, once, how late the report's first submission came (working days, 0 on time) and who answered
   * for it then: 超时倒查 reads it, and later changes to the leading group do not rewrite who overran.
   */
  async recordFirstSubmission(
    tx: Tx,
    reportId: string,
    overrun: { workingDaysLate: number; answerable: AnswerableOfficer[] },
  ): Promise<void> {
    await tx.query(
      `UPDATE projects.monthly_report SET working_days_late = $2, answerable = $3::jsonb
        WHERE id = $1 AND working_days_late IS NULL`,
      [reportId, overrun.workingDaysLate, JSON.stringify(overrun.answerable)],
    );
  }

  /** Writes the report as given; its version goes up by one. */
  async update(tx: Tx, report: MonthlyReportRecord): Promise<MonthlyReportRecord> {
    const [updated] = await modifiedRows<MonthlyReportRecord>(
      tx,
      `UPDATE projects.monthly_report SET (${CHANGING_COLUMNS}, version) =
         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::jsonb, version + 1)
        WHERE id = $18
        RETURNING ${COLUMNS}`,
      [...changingValues(report), report.id],
    );
    if (!updated) throw new Error(`Monthly report ${report.id} vanished while being updated`);
    return updated;
  }
}
