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
  population: number | null;
  population_source: string | null;
}

const COLUMNS = `project_id, programme_id, programme_code, programme_year, name, region_code, region_name, city_code,
  city_name, province_code, population, population_source`;

/** The county projects funding has heard of (its own copy, from ProjectRegistered). */
@Injectable()
export class FundingProjectsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a registered project; a second announcement of the same project changes nothing. */
  async insertRegistered(manager: EntityManager, data: ProjectRegisteredData): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO funding.project (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
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
        data.population,
        data.populationSource,
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
    population: row.population,
    populationSource: row.population_source,
  };
}
