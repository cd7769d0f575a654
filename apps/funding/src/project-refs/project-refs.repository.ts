import { projectRefValues, type ProjectRegisteredData } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';

/** A county project as funding knows it: its own copy, from the projects service's ProjectRegistered. */
export interface ProjectRef {
  readonly projectId: string;
  readonly programmeId: string;
  readonly programmeCode: string;
  readonly programmeYear: number;
  readonly name: string;
  readonly regionCode: string;
  readonly regionName: string;
  readonly cityRegionCode: string | null;
  readonly cityName: string | null;
  readonly provinceRegionCode: string | null;
  /** The province's name as the projects service gave it; null in events from before it did. */
  readonly provinceName: string | null;
  readonly population: number | null;
  readonly populationSource: string | null;
}

/** A province's own name and population base, as the projects service announced them. */
export interface ProvinceFacts {
  readonly name: string | null;
  readonly population: number | null;
  readonly populationSource: string | null;
}

/** Columns as records. */
const PROJECT = `project_id AS "projectId", programme_id AS "programmeId", programme_code AS "programmeCode",
  programme_year AS "programmeYear", name, region_code AS "regionCode", region_name AS "regionName",
  city_code AS "cityRegionCode", city_name AS "cityName", province_code AS "provinceRegionCode",
  province_name AS "provinceName", population, population_source AS "populationSource"`;

/** The county projects funding has heard of (`funding.project`, its one owner). */
@Injectable()
export class ProjectRefsRepository {
  /** Records a registered project; a second announcement of the same project changes nothing. */
  async insertRegistered(tx: Tx, data: ProjectRegisteredData, registeredAt: Date): Promise<boolean> {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO funding.project
         (project_id, programme_id, programme_code, programme_year, name, region_code, region_name, city_code,
          city_name, province_code, province_name, population, population_source, province_population,
          province_population_source, registered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT DO NOTHING RETURNING project_id`,
      [
        ...projectRefValues(data),
        data.provinceName ?? null,
        data.population,
        data.populationSource,
        data.provincePopulation ?? null,
        data.provincePopulation === null || data.provincePopulation === undefined
          ? null
          : (data.provincePopulationSource ?? null),
        registeredAt,
      ],
    );
    return inserted.length > 0;
  }

  async find(tx: Tx, projectId: string): Promise<ProjectRef | null> {
    const rows: ProjectRef[] = await tx.query(`SELECT ${PROJECT} FROM funding.project WHERE project_id = $1`, [
      projectId,
    ]);
    return rows[0] ?? null;
  }

  /** Holds the project's row until the transaction ends: writes to one county's ledger run one at a time. */
  async lock(tx: Tx, projectId: string): Promise<void> {
    await tx.query(`SELECT 1 FROM funding.project WHERE project_id = $1 FOR UPDATE`, [projectId]);
  }

  /** A programme's projects, optionally only those under a region (county, city or province code), by code. */
  listForProgramme(tx: Tx, programmeCode: string, regionCode?: string): Promise<ProjectRef[]> {
    return tx.query(
      `SELECT ${PROJECT} FROM funding.project
        WHERE programme_code = $1
          AND ($2::text IS NULL OR $2 IN (region_code, city_code, province_code))
        ORDER BY region_code`,
      [programmeCode, regionCode ?? null],
    );
  }

  /** The region's path upwards (itself first), as the projects under it name it; empty when unknown. */
  async pathOf(tx: Tx, regionCode: string): Promise<string[]> {
    const rows: { path: string[] }[] = await tx.query(
      `SELECT array_remove(ARRAY[region_code, city_code, province_code], NULL) AS path FROM funding.project
        WHERE $1 IN (region_code, city_code, province_code) LIMIT 1`,
      [regionCode],
    );
    const path = rows[0]?.path ?? [];
    return path.slice(path.indexOf(regionCode));
  }

  /** Every region (county, city, province) a programme's projects lie in; empty when funding knows none. */
  async regionsOfProgramme(tx: Tx, programmeCode: string): Promise<string[]> {
    const rows: { code: string }[] = await tx.query(
      `SELECT DISTINCT code FROM funding.project,
              unnest(ARRAY[region_code, city_code, province_code]) AS code
        WHERE programme_code = $1 AND code IS NOT NULL
        ORDER BY code`,
      [programmeCode],
    );
    return rows.map((row) => row.code);
  }

  /** The programme a region's rollup shows by default: the latest year with a project under it. */
  async latestProgrammeIn(tx: Tx, regionCode: string): Promise<string | null> {
    const rows: { programmeCode: string }[] = await tx.query(
      `SELECT programme_code AS "programmeCode" FROM funding.project
        WHERE $1 IN (region_code, city_code, province_code)
        ORDER BY programme_year DESC, programme_code LIMIT 1`,
      [regionCode],
    );
    return rows[0]?.programmeCode ?? null;
  }

  /**
   * The province's own facts as the programme's projects carry them: the most recently registered project
   * that has them wins (older events carry none). Null fields: not known.
   */
  async provinceFacts(tx: Tx, programmeCode: string, provinceCode: string): Promise<ProvinceFacts> {
    const rows: ProvinceFacts[] = await tx.query(
      `SELECT
         (array_agg(province_name ORDER BY registered_at DESC) FILTER (WHERE province_name IS NOT NULL))[1] AS name,
         (array_agg(province_population ORDER BY registered_at DESC)
            FILTER (WHERE province_population IS NOT NULL))[1] AS population,
         (array_agg(province_population_source ORDER BY registered_at DESC)
            FILTER (WHERE province_population IS NOT NULL))[1] AS "populationSource"
         FROM funding.project WHERE programme_code = $1 AND province_code = $2`,
      [programmeCode, provinceCode],
    );
    // An aggregate without GROUP BY: always one row, its fields null where nothing is known.
    return rows[0] as ProvinceFacts;
  }

  /** The codes of the programmes whose projects funding has heard of. */
  async programmeCodes(tx: Tx): Promise<string[]> {
    const rows: { code: string }[] = await tx.query(
      `SELECT DISTINCT programme_code AS code FROM funding.project ORDER BY programme_code`,
    );
    return rows.map((row) => row.code);
  }

  async countForProgramme(tx: Tx, programmeCode: string): Promise<number> {
    const [row] = (await tx.query(`SELECT count(*)::int AS n FROM funding.project WHERE programme_code = $1`, [
      programmeCode,
    ])) as { n: number }[];
    return row?.n ?? 0;
  }
}
