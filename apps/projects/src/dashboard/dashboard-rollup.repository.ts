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

/** A change to one rollup row: a region's bucket under a programme. */
export interface DeltaRecord extends Bucket {
  readonly programmeId: string;
  readonly regionCode: string;
}

function compareKeys(a: DeltaRecord, b: DeltaRecord): number {
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (
    order(a.programmeId, b.programmeId) ||
    order(a.regionCode, b.regionCode) ||
    order(a.kind, b.kind) ||
    order(a.key, b.key)
  );
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
  /**
   * The projects' contributions as last applied, by project, locked until the transaction ends (one writer per
   * project), in id order so that concurrent writers lock them in the same order.
   */
  async lockApplied(tx: Tx, projectIds: readonly string[]): Promise<Map<string, AppliedContribution>> {
    const rows: (AppliedContribution & { projectId: string })[] = await tx.query(
      `SELECT project_id AS "projectId", buckets, latest_report AS "latestReport", region_codes AS "regionCodes"
         FROM projects.dashboard_county WHERE project_id = ANY($1::uuid[]) ORDER BY project_id FOR UPDATE`,
      [projectIds],
    );
    return new Map(rows.map(({ projectId, ...applied }) => [projectId, applied]));
  }

  /** The projects' rows with nothing applied yet; a row another writer made first is left as it is. */
  async insertEmpty(
    tx: Tx,
    projects: readonly { id: string; programmeId: string; regionCode: string; regionCodes: readonly string[] }[],
  ): Promise<void> {
    if (projects.length === 0) return;
    await tx.query(
      `INSERT INTO projects.dashboard_county (project_id, programme_id, region_code, region_codes, buckets)
       SELECT p.id, p.programme_id, p.region_code, ARRAY(SELECT jsonb_array_elements_text(p.region_codes)), '[]'
         FROM jsonb_to_recordset($1::jsonb) AS p (id uuid, programme_id uuid, region_code text, region_codes jsonb)
        ORDER BY p.id
       ON CONFLICT (project_id) DO NOTHING`,
      [
        JSON.stringify(
          projects.map((p) => ({
            id: p.id,
            programme_id: p.programmeId,
            region_code: p.regionCode,
            region_codes: p.regionCodes,
          })),
        ),
      ],
    );
  }

  /**
   * Records what was applied for each project and gives each of their programmes' read models a new version
   * (projects.dashboard_version, which the dashboard's cache compares), in one statement: called whenever a
   * transaction changed the read model (a delta comes only with the projects it saves).
   */
  async saveApplied(
    tx: Tx,
    applied: readonly (Pick<AppliedContribution, 'buckets' | 'latestReport'> & { projectId: string })[],
  ): Promise<void> {
    if (applied.length === 0) return;
    await tx.query(
      `WITH saved AS (
         UPDATE projects.dashboard_county c SET buckets = a.buckets, latest_report = a.latest_report
           FROM jsonb_to_recordset($1::jsonb) AS a (project_id uuid, buckets jsonb, latest_report jsonb)
          WHERE c.project_id = a.project_id
          RETURNING c.programme_id
       )
       INSERT INTO projects.dashboard_version (key, version)
       SELECT programme.key, nextval('projects.dashboard_version_seq')
         FROM (SELECT DISTINCT programme_id::text AS key FROM saved ORDER BY 1) AS programme
       ON CONFLICT (key) DO UPDATE SET version = nextval('projects.dashboard_version_seq')`,
      [
        JSON.stringify(
          applied.map((a) => ({ project_id: a.projectId, buckets: a.buckets, latest_report: a.latestReport })),
        ),
      ],
    );
  }

  /**
   * Adds each delta row to its rollup row in one statement, rows in key order so that concurrent writers lock
   * them in the same order, then drops the rows it brought to nothing (only rows a delta touched can become so).
   */
  async addDeltas(tx: Tx, delta: readonly DeltaRecord[]): Promise<void> {
    if (delta.length === 0) return;
    const sorted = [...delta].sort((a, b) => compareKeys(a, b));
    const column = <K extends keyof DeltaRecord>(key: K) => sorted.map((row) => row[key]);
    await tx.query(
      `INSERT INTO projects.dashboard_rollup AS r (programme_id, region_code, kind, key, n, gig_jobs_offered, gig_jobs_offered_n,
                                                   gig_worker_visits, gig_worker_visits_n, placements, placements_n)
       SELECT d.g, d.region, d.kind, d.key, d.n, d.j, d.jn, d.v, d.vn, d.p, d.pn
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::int[], $8::bigint[],
                     $9::int[], $10::bigint[], $11::int[])
              WITH ORDINALITY AS d (g, region, kind, key, n, j, jn, v, vn, p, pn, i)
        ORDER BY d.i
       ON CONFLICT (programme_id, region_code, kind, key) DO UPDATE SET
         n = r.n + EXCLUDED.n,
         gig_jobs_offered = r.gig_jobs_offered + EXCLUDED.gig_jobs_offered,
         gig_jobs_offered_n = r.gig_jobs_offered_n + EXCLUDED.gig_jobs_offered_n,
         gig_worker_visits = r.gig_worker_visits + EXCLUDED.gig_worker_visits,
         gig_worker_visits_n = r.gig_worker_visits_n + EXCLUDED.gig_worker_visits_n,
         placements = r.placements + EXCLUDED.placements,
         placements_n = r.placements_n + EXCLUDED.placements_n`,
      [
        column('programmeId'),
        column('regionCode'),
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
      `DELETE FROM projects.dashboard_rollup r
        USING unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS d (g, region, kind, key)
        WHERE r.programme_id = d.g AND r.region_code = d.region AND r.kind = d.kind AND r.key = d.key
          AND r.n = 0 AND r.gig_jobs_offered_n = 0 AND r.gig_worker_visits_n = 0 AND r.placements_n = 0`,
      [column('programmeId'), column('regionCode'), column('kind'), column('key')],
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
