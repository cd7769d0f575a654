import type { FundingProject, ProjectRegisteredData } from '@duban/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

interface ProjectRow {
  project_id: string;
  programme_id: string;
  programme_code: string;
  programme_year: number;
  name: string;
  region_code: string;
  region_name: string;
  city_code: string | null;
  city_name: string | null;
  province_code: string | null;
  province_name: string | null;
  population: number | null;
  population_source: string | null;
}

/** A province's own name and population base, as the projects service announced them. */
export interface ProvinceFacts {
  readonly name: string | null;
  readonly population: number | null;
  readonly populationSource: string | null;
}

const COLUMNS = `project_id, programme_id, programme_code, programme_year, name, region_code, region_name, city_code,
  city_name, province_code, province_name, population, population_source`;

/** The county projects funding has heard of (its own copy, from ProjectRegistered). */
@Injectable()
export class FundingProjectsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a registered project; a second announcement of the same project changes nothing. */
  async insertRegistered(manager: EntityManager, data: ProjectRegisteredData): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO funding.project (${COLUMNS}, province_population, province_population_source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT DO NOTHING RETURNING project_id`,
      [
        data.projectId,
        data.programmeId,
        data.programmeCode,
        data.programmeYear,
        data.projectName,
        data.regionCode,
        data.regionName,
        data.cityRegionCode,
        data.cityName,
        data.provinceRegionCode,
        data.provinceName ?? null,
        data.population,
        data.populationSource,
        data.provincePopulation ?? null,
        data.provincePopulation === null || data.provincePopulation === undefined
          ? null
          : (data.provincePopulationSource ?? null),
      ],
    );
    return inserted.length > 0;
  }

  async find(projectId: string, manager: EntityManager = this.dataSource.manager): Promise<FundingProject | null> {
    const rows: ProjectRow[] = await manager.query(`SELECT ${COLUMNS} FROM funding.project WHERE project_id = $1`, [
      projectId,
    ]);
    return rows[0] ? toProject(rows[0]) : null;
  }

  /** Holds the project's row until the transaction ends: writes to one county's ledger run one at a time. */
  async lock(manager: EntityManager, projectId: string): Promise<void> {
    await manager.query(`SELECT 1 FROM funding.project WHERE project_id = $1 FOR UPDATE`, [projectId]);
  }

  /** A programme's projects, optionally only those under a region (county, city or province code), by code. */
  async listForProgramme(
    programmeCode: string,
    regionCode?: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<FundingProject[]> {
    const rows: ProjectRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM funding.project
        WHERE programme_code = $1
          AND ($2::text IS NULL OR $2 IN (region_code, city_code, province_code))
        ORDER BY region_code`,
      [programmeCode, regionCode ?? null],
    );
    return rows.map(toProject);
  }

  /** The region's path upwards (itself first), as the projects under it name it; empty when unknown. */
  async pathOf(regionCode: string): Promise<string[]> {
    const rows: { region_code: string; city_code: string | null; province_code: string | null }[] =
      await this.dataSource.query(
        `SELECT region_code, city_code, province_code FROM funding.project
          WHERE $1 IN (region_code, city_code, province_code) LIMIT 1`,
        [regionCode],
      );
    const row = rows[0];
    if (!row) return [];
    const path = [row.region_code, row.city_code, row.province_code].filter((code): code is string => code !== null);
    return path.slice(path.indexOf(regionCode));
  }

  /** The programme a region's rollup shows by default: the latest year with a project under it. */
  async latestProgrammeIn(regionCode: string): Promise<string | null> {
    const rows: { programme_code: string }[] = await this.dataSource.query(
      `SELECT programme_code FROM funding.project
        WHERE $1 IN (region_code, city_code, province_code)
        ORDER BY programme_year DESC, programme_code LIMIT 1`,
      [regionCode],
    );
    return rows[0]?.programme_code ?? null;
  }

  /**
   * The province's own facts as the programme's projects carry them: the most recently registered project
   * that has them wins (older events carry none). Null fields: not known.
   */
  async provinceFacts(programmeCode: string, provinceCode: string): Promise<ProvinceFacts> {
    const rows: { name: string | null; population: number | null; source: string | null }[] =
      await this.dataSource.query(
        `SELECT
           (array_agg(province_name ORDER BY registered_at DESC) FILTER (WHERE province_name IS NOT NULL))[1] AS name,
           (array_agg(province_population ORDER BY registered_at DESC)
              FILTER (WHERE province_population IS NOT NULL))[1] AS population,
           (array_agg(province_population_source ORDER BY registered_at DESC)
              FILTER (WHERE province_population IS NOT NULL))[1] AS source
           FROM funding.project WHERE programme_code = $1 AND province_code = $2`,
        [programmeCode, provinceCode],
      );
    const row = rows[0];
    return { name: row?.name ?? null, population: row?.population ?? null, populationSource: row?.source ?? null };
  }

  /** Whether the programme has projects, and whether any of them lies in the given regions' scope. */
  async programmeScope(
    programmeCode: string,
    regionCodes: readonly string[],
  ): Promise<{ known: boolean; inScope: boolean }> {
    const [row] = (await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM funding.project WHERE programme_code = $1) AS known,
              EXISTS (SELECT 1 FROM funding.project WHERE programme_code = $1
                         AND (region_code = ANY($2::text[]) OR city_code = ANY($2::text[])
                              OR province_code = ANY($2::text[]))) AS "inScope"`,
      [programmeCode, regionCodes],
    )) as { known: boolean; inScope: boolean }[];
    return { known: row?.known ?? false, inScope: row?.inScope ?? false };
  }

  async countForProgramme(manager: EntityManager, programmeCode: string): Promise<number> {
    const [row] = (await manager.query(`SELECT count(*)::int AS n FROM funding.project WHERE programme_code = $1`, [
      programmeCode,
    ])) as { n: number }[];
    return row?.n ?? 0;
  }
}

function toProject(row: ProjectRow): FundingProject {
  return {
    projectId: row.project_id,
    programmeId: row.programme_id,
    programmeCode: row.programme_code,
    programmeYear: row.programme_year,
    name: row.name,
    regionCode: row.region_code,
    regionName: row.region_name,
    cityRegionCode: row.city_code,
    cityName: row.city_name,
    provinceRegionCode: row.province_code,
    provinceName: row.province_name,
    population: row.population,
    populationSource: row.population_source,
  };
}
