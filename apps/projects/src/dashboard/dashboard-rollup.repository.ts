import { Injectable } from '@nestjs/common';
import type { LatestReport } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import type { Bucket } from './dashboard-contribution-rules';

/** A project's contribution as last applied to the rollups. */
export interface AppliedContribution {
  readonly buckets: Bucket[];
  readonly latestReport: LatestReport | null;
  /** The county and the regions above it, whose rollups it was added to. */
  readonly regionCodes: string[];
}

/** One rollup row: a region's bucket under a programme. */
export interface RollupRecord extends Bucket {
  readonly regionCode: string;
}

/** A county's own row for a city's dashboard: its project and latest report. */
export interface CountyContribution {
  readonly regionCode: string;
  readonly projectId: string;
  readonly latestReport: LatestReport | null;
}

const ROLLUP_COLUMNS = `region_code AS "regionCode", kind, key, n,
  gig_jobs_offered::int AS "gigJobsOffered", gig_jobs_offered_n AS "gigJobsOfferedN",
  gig_worker_visits::int AS "gigWorkerVisits", gig_worker_visits_n AS "gigWorkerVisitsN",
  placements::int AS placements, placements_n AS "placementsN"`;

/**
 * The dashboard's read model (tables dashboard_county and dashboard_rollup): written only by
 * DashboardRollups, read by the dashboard.
 */
@Injectable()
export class DashboardRollupRepository {
  /** The project's contribution as last applied, locked until the transaction ends (one writer per project). */
  async lockApplied(tx: Tx, projectId: string): Promise<AppliedContribution | null> {
    const rows: AppliedContribution[] = await tx.query(
      `SELECT buckets, latest_report AS "latestReport", region_codes AS "regionCodes" FROM projects.dashboard_county WHERE project_id = $1 FOR UPDATE`,
      [projectId],
    );
    return rows[0] ?? null;
  }

  /** A project's row with nothing applied yet; left as it is when another writer made it first. */
  async insertEmpty(
    tx: Tx,
    project: { id: string; programmeId: string; regionCode: string },
    regionCodes: readonly string[],
  ): Promise<void> {
    await tx.query(
      `INSERT INTO projects.dashboard_county (project_id, programme_id, region_code, region_codes, buckets)
       VALUES ($1, $2, $3, $4::text[], '[]') ON CONFLICT (project_id) DO NOTHING`,
      [project.id, project.programmeId, project.regionCode, regionCodes],
    );
  }

  async saveApplied(
    tx: Tx,
    projectId: string,
    applied: Pick<AppliedContribution, 'buckets' | 'latestReport'>,
  ): Promise<void> {
    await tx.query(
      `UPDATE projects.dashboard_county SET buckets = $2::jsonb, latest_report = $3::jsonb WHERE project_id = $1`,
      [projectId, JSON.stringify(applied.buckets), JSON.stringify(applied.latestReport)],
    );
  }

  /**
   * Adds `delta` to the rollups of each region in `regionCodes` (a county and the regions above it) in one
   * statement, rows in key order so that concurrent writers lock them in the same order, then drops the rows
   * that fell to nothing.
   */
  async addDelta(tx: Tx, programmeId: string, regionCodes: readonly string[], delta: readonly Bucket[]): Promise<void> {
    if (delta.length === 0) return;
    const column = <K extends keyof Bucket>(key: K) => delta.map((bucket) => bucket[key]);
    await tx.query(
      `INSERT INTO projects.dashboard_rollup AS r (programme_id, region_code, kind, key, n, gig_jobs_offered, gig_jobs_offered_n,
                                                   gig_worker_visits, gig_worker_visits_n, placements, placements_n)
       SELECT $1, region.code, d.kind, d.key, d.n, d.j, d.jn, d.v, d.vn, d.p, d.pn
         FROM unnest($2::text[]) AS region (code)
        CROSS JOIN unnest($3::text[], $4::text[], $5::int[], $6::bigint[], $7::int[], $8::bigint[], $9::int[], $10::bigint[], $11::int[])
              AS d (kind, key, n, j, jn, v, vn, p, pn)
        ORDER BY region.code, d.kind, d.key
       ON CONFLICT (programme_id, region_code, kind, key) DO UPDATE SET
         n = r.n + EXCLUDED.n,
         gig_jobs_offered = r.gig_jobs_offered + EXCLUDED.gig_jobs_offered,
         gig_jobs_offered_n = r.gig_jobs_offered_n + EXCLUDED.gig_jobs_offered_n,
         gig_worker_visits = r.gig_worker_visits + EXCLUDED.gig_worker_visits,
         gig_worker_visits_n = r.gig_worker_visits_n + EXCLUDED.gig_worker_visits_n,
         placements = r.placements + EXCLUDED.placements,
         placements_n = r.placements_n + EXCLUDED.placements_n`,
      [
        programmeId,
        regionCodes,
        column('kind'),
        column('key'),
        column('n'),
        column('gigJobsOffered'),
        column('gigJobsOfferedN'),
        column('gigWorkerVisits'),
        column('gigWorkerVisitsN'),
        column('placements'),
        column('placementsN'),
      ],
    );
    await tx.query(
      `DELETE FROM projects.dashboard_rollup
        WHERE programme_id = $1 AND region_code = ANY($2::text[]) AND n = 0
          AND gig_jobs_offered_n = 0 AND gig_worker_visits_n = 0 AND placements_n = 0`,
      [programmeId, regionCodes],
    );
  }

  /** Every rollup row of the given regions under the programme. */
  findRollups(tx: Tx, programmeId: string, regionCodes: readonly string[]): Promise<RollupRecord[]> {
    return tx.query(
      `SELECT ${ROLLUP_COLUMNS} FROM projects.dashboard_rollup WHERE programme_id = $1 AND region_code = ANY($2::text[])`,
      [programmeId, regionCodes],
    );
  }

  /** The counties' own projects and latest reports (for the county rows of a city's dashboard). */
  findCounties(tx: Tx, programmeId: string, countyCodes: readonly string[]): Promise<CountyContribution[]> {
    return tx.query(
      `SELECT region_code AS "regionCode", project_id AS "projectId", latest_report AS "latestReport"
         FROM projects.dashboard_county WHERE programme_id = $1 AND region_code = ANY($2::text[])`,
      [programmeId, countyCodes],
    );
  }

  /** Projects of the programme whose contribution was never applied (loaded before the read model, or by SQL). */
  findUnapplied(tx: Tx, programmeId: string | null): Promise<{ id: string }[]> {
    return tx.query(
      `SELECT p.id FROM projects.county_project p
        WHERE ($1::uuid IS NULL OR p.programme_id = $1)
          AND NOT EXISTS (SELECT 1 FROM projects.dashboard_county c WHERE c.project_id = p.id AND c.buckets <> '[]')
        ORDER BY p.id`,
      [programmeId],
    );
  }

  /** Every project of the programme, for a rebuild. */
  findProjects(tx: Tx, programmeId: string): Promise<{ id: string }[]> {
    return tx.query(`SELECT id FROM projects.county_project WHERE programme_id = $1 ORDER BY id`, [programmeId]);
  }
}
