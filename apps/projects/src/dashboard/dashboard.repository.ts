import { Injectable } from '@nestjs/common';
import type { LatestReport, RegionLevel } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import type { MilestoneRecord } from '../milestones/milestones.repository';
import type { ReportFigures } from './dashboard-series-rules';

export interface RegionRef {
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
}

export interface DashboardProgramme {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly year: number;
  readonly yellowWithinWorkingDays: number;
}

/** A county with the child region (of the region asked for) it is counted under. */
export interface CountyPlacement {
  readonly county: RegionRef;
  readonly childCode: string;
}

export interface ProjectPlace {
  readonly id: string;
  readonly programmeId: string;
  readonly regionCode: string;
}

export interface ProjectFact {
  readonly id: string;
  readonly name: string;
  readonly regionCode: string;
}

export type MilestoneFact = Pick<
  MilestoneRecord,
  'id' | 'projectId' | 'key' | 'title' | 'dueDate' | 'dueAt' | 'status' | 'completedAt'
>;

export interface LatestReportFact extends LatestReport {
  readonly projectId: string;
}

export interface ReportFiguresFact extends ReportFigures {
  readonly projectId: string;
}

const PROGRAMME_SELECT = `
  SELECT g.id, g.code, g.name, g.year, g.yellow_within_working_days AS "yellowWithinWorkingDays"
    FROM projects.programme g`;

/** A programme covers a region when its root region is that region or one of its ancestors. */
const COVERING = `
  g.root_region_code IN (
    WITH RECURSIVE up AS (
      SELECT code, parent_code FROM projects.region WHERE code = $1
      UNION ALL
      SELECT r.code, r.parent_code FROM projects.region r JOIN up ON r.code = up.parent_code
    )
    SELECT code FROM up)`;

/**
 * The facts a dashboard is computed from, read straight from the projects schema (regions, county
 * projects, milestones, monthly reports) in a few set-wise queries, whatever the number of counties.
 * Reads only: each of those tables has its own repository that writes it.
 */
@Injectable()
export class DashboardRepository {
  /**
   * The current versions of what dashboards are read from (projects.dashboard_version), by key: 'regions' (the
   * region tree and the programmes) or a programme's id (its read model); a key without a version is absent.
   */
  async findVersions(tx: Tx, keys: readonly string[]): Promise<Map<string, string>> {
    const rows: { key: string; version: string }[] = await tx.query(
      `SELECT key, version FROM projects.dashboard_version WHERE key = ANY($1::text[])`,
      [keys],
    );
    return new Map(rows.map((row) => [row.key, row.version]));
  }

  async findRegion(tx: Tx, code: string): Promise<RegionRef | null> {
    const rows: RegionRef[] = await tx.query(`SELECT code, name, level FROM projects.region WHERE code = $1`, [code]);
    return rows[0] ?? null;
  }

  /** The regions above `code`, from the top down. */
  async findAncestors(tx: Tx, code: string): Promise<RegionRef[]> {
    return tx.query(
      `WITH RECURSIVE up AS (
         SELECT parent_code, 0 AS depth FROM projects.region WHERE code = $1
         UNION ALL
         SELECT r.parent_code, up.depth + 1 FROM projects.region r JOIN up ON r.code = up.parent_code
       )
       SELECT r.code, r.name, r.level FROM up JOIN projects.region r ON r.code = up.parent_code ORDER BY up.depth DESC`,
      [code],
    );
  }

  async findChildren(tx: Tx, code: string): Promise<RegionRef[]> {
    return tx.query(`SELECT code, name, level FROM projects.region WHERE parent_code = $1 ORDER BY code`, [code]);
  }

  /** Every county under `code`, each with the child of `code` it lies in. A county is its own placement. */
  async findCounties(tx: Tx, code: string): Promise<CountyPlacement[]> {
    const rows: (RegionRef & { childCode: string })[] = await tx.query(
      `WITH RECURSIVE tree AS (
         SELECT code, name, level, code AS child_code FROM projects.region WHERE parent_code = $1
         UNION ALL
         SELECT r.code, r.name, r.level, tree.child_code FROM projects.region r JOIN tree ON r.parent_code = tree.code
       )
       SELECT code, name, level, child_code AS "childCode" FROM tree WHERE level = 'county'
       UNION ALL
       SELECT code, name, level, code FROM projects.region WHERE code = $1 AND level = 'county'
       ORDER BY code`,
      [code],
    );
    return rows.map(({ childCode, ...county }) => ({ county, childCode }));
  }

  /** The number of counties under each child of `code` (a county child counts itself). */
  async countCounties(tx: Tx, code: string): Promise<Map<string, number>> {
    const rows: { childCode: string; counties: number }[] = await tx.query(
      `WITH RECURSIVE tree AS (
         SELECT code, level, code AS child_code FROM projects.region WHERE parent_code = $1
         UNION ALL
         SELECT r.code, r.level, tree.child_code FROM projects.region r JOIN tree ON r.parent_code = tree.code
       )
       SELECT child_code AS "childCode", count(*)::int AS counties FROM tree WHERE level = 'county' GROUP BY child_code`,
      [code],
    );
    return new Map(rows.map((row) => [row.childCode, row.counties]));
  }

  async findProgramme(tx: Tx, id: string, regionCode: string): Promise<DashboardProgramme | null> {
    const rows: DashboardProgramme[] = await tx.query(`${PROGRAMME_SELECT} WHERE g.id = $2 AND ${COVERING}`, [
      regionCode,
      id,
    ]);
    return rows[0] ?? null;
  }

  /** The newest programme (by year, then by creation) that covers the region. */
  async findNewestProgramme(tx: Tx, regionCode: string): Promise<DashboardProgramme | null> {
    const rows: DashboardProgramme[] = await tx.query(
      `${PROGRAMME_SELECT} WHERE ${COVERING} ORDER BY g.year DESC, g.created_at DESC, g.id LIMIT 1`,
      [regionCode],
    );
    return rows[0] ?? null;
  }

  /** Projects' programmes and counties. */
  findProjectPlaces(tx: Tx, projectIds: readonly string[]): Promise<ProjectPlace[]> {
    return tx.query(
      `SELECT id, programme_id AS "programmeId", region_code AS "regionCode" FROM projects.county_project
        WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [projectIds],
    );
  }

  /** Each region's code followed by the codes of the regions above it, from the bottom up. */
  async findRegionPaths(tx: Tx, codes: readonly string[]): Promise<Map<string, string[]>> {
    const rows: { code: string; path: string[] }[] = await tx.query(
      `WITH RECURSIVE up AS (
         SELECT code AS start, code, parent_code, 0 AS depth FROM projects.region WHERE code = ANY($1::text[])
         UNION ALL
         SELECT up.start, r.code, r.parent_code, up.depth + 1 FROM projects.region r JOIN up ON r.code = up.parent_code
       )
       SELECT start AS code, array_agg(code ORDER BY depth) AS path FROM up GROUP BY start`,
      [codes],
    );
    return new Map(rows.map((row) => [row.code, row.path]));
  }

  /** The projects' milestones, by project, in each project's order. */
  findMilestonesOfProjects(tx: Tx, projectIds: readonly string[]): Promise<MilestoneFact[]> {
    return tx.query(
      `SELECT m.id, m.project_id AS "projectId", m.key, m.title, to_char(m.due_date, 'YYYY-MM-DD') AS "dueDate",
              m.due_at AS "dueAt", m.status, m.completed_at AS "completedAt"
         FROM projects.milestone m WHERE m.project_id = ANY($1::uuid[])
        ORDER BY m.project_id, m.sort, m.id`,
      [projectIds],
    );
  }

  /** Each project's report with the latest month, whatever its status. */
  findLatestReportsOfProjects(tx: Tx, projectIds: readonly string[]): Promise<LatestReportFact[]> {
    return tx.query(
      `SELECT DISTINCT ON (r.project_id) r.project_id AS "projectId", r.id, r.month, r.status, r.late
         FROM projects.monthly_report r WHERE r.project_id = ANY($1::uuid[])
        ORDER BY r.project_id, r.month DESC`,
      [projectIds],
    );
  }

  /** The projects' reports that give at least one operating figure. */
  findReportFiguresOfProjects(tx: Tx, projectIds: readonly string[]): Promise<ReportFiguresFact[]> {
    return tx.query(
      `SELECT r.project_id AS "projectId", r.month, r.gig_jobs_offered AS "gigJobsOffered",
              r.gig_worker_visits AS "gigWorkerVisits", r.placements
         FROM projects.monthly_report r
        WHERE r.project_id = ANY($1::uuid[])
          AND (r.gig_jobs_offered IS NOT NULL OR r.gig_worker_visits IS NOT NULL OR r.placements IS NOT NULL)
        ORDER BY r.project_id, r.month`,
      [projectIds],
    );
  }

  findProjects(tx: Tx, programmeId: string, countyCodes: readonly string[]): Promise<ProjectFact[]> {
    return tx.query(
      `SELECT id, name, region_code AS "regionCode" FROM projects.county_project
        WHERE programme_id = $1 AND region_code = ANY($2::text[]) ORDER BY region_code`,
      [programmeId, countyCodes],
    );
  }

  findMilestones(tx: Tx, programmeId: string, countyCodes: readonly string[]): Promise<MilestoneFact[]> {
    return tx.query(
      `SELECT m.id, m.project_id AS "projectId", m.key, m.title, to_char(m.due_date, 'YYYY-MM-DD') AS "dueDate",
              m.due_at AS "dueAt", m.status,
              m.completed_at AS "completedAt"
         FROM projects.milestone m JOIN projects.county_project p ON p.id = m.project_id
        WHERE p.programme_id = $1 AND p.region_code = ANY($2::text[])
        ORDER BY p.region_code, m.sort, m.id`,
      [programmeId, countyCodes],
    );
  }

  /** Each project's report with the latest month, whatever its status. */
  findLatestReports(tx: Tx, programmeId: string, countyCodes: readonly string[]): Promise<LatestReportFact[]> {
    return tx.query(
      `SELECT DISTINCT ON (r.project_id) r.project_id AS "projectId", r.id, r.month, r.status, r.late
         FROM projects.monthly_report r JOIN projects.county_project p ON p.id = r.project_id
        WHERE p.programme_id = $1 AND p.region_code = ANY($2::text[])
        ORDER BY r.project_id, r.month DESC`,
      [programmeId, countyCodes],
    );
  }

  /** Every report that gives at least one operating figure (the others add nothing to the sums). */
  findReportFigures(tx: Tx, programmeId: string, countyCodes: readonly string[]): Promise<ReportFiguresFact[]> {
    return tx.query(
      `SELECT r.project_id AS "projectId", r.month, r.gig_jobs_offered AS "gigJobsOffered",
              r.gig_worker_visits AS "gigWorkerVisits", r.placements
         FROM projects.monthly_report r JOIN projects.county_project p ON p.id = r.project_id
        WHERE p.programme_id = $1 AND p.region_code = ANY($2::text[])
          AND (r.gig_jobs_offered IS NOT NULL OR r.gig_worker_visits IS NOT NULL OR r.placements IS NOT NULL)
        ORDER BY r.project_id, r.month`,
      [programmeId, countyCodes],
    );
  }
}
