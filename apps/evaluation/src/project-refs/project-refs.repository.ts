import type { ProjectRegisteredData } from '@duban/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** What evaluation knows of a county project: where it is and what it is called (from ProjectRegistered). */
export interface ProjectRef {
  readonly id: string;
  readonly programmeId: string;
  readonly programmeCode: string;
  readonly name: string;
  readonly regionCode: string;
  readonly regionName: string;
  readonly cityRegionCode: string | null;
  readonly provinceRegionCode: string | null;
}

interface ProjectRow {
  id: string;
  programme_id: string;
  programme_code: string;
  name: string;
  region_code: string;
  region_name: string;
  city_region_code: string | null;
  province_region_code: string | null;
}

/** Evaluation's own copy of the county projects, kept from the projects service's events. */
@Injectable()
export class ProjectRefsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a project and its programme's settings (default threshold) if new; a replay changes nothing. */
  async register(manager: EntityManager, data: ProjectRegisteredData): Promise<void> {
    await manager.query(
      `INSERT INTO evaluation.project
         (id, programme_id, programme_code, programme_year, name, region_code, region_name, city_region_code,
          city_name, province_region_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, region_name = EXCLUDED.region_name`,
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
      ],
    );
    await manager.query(
      `INSERT INTO evaluation.programme_settings (programme_id, programme_code) VALUES ($1, $2)
       ON CONFLICT (programme_id) DO NOTHING`,
      [data.programmeId, data.programmeCode],
    );
  }

  async find(projectId: string, manager: EntityManager = this.dataSource.manager): Promise<ProjectRef | null> {
    const rows: ProjectRow[] = await manager.query(`SELECT * FROM evaluation.project WHERE id = $1`, [projectId]);
    const row = rows[0];
    return row ? toRef(row) : null;
  }

  count(): Promise<number> {
    return this.dataSource
      .query(`SELECT count(*)::int AS n FROM evaluation.project`)
      .then((rows: { n: number }[]) => rows[0]?.n ?? 0);
  }
}

function toRef(row: ProjectRow): ProjectRef {
  return {
    id: row.id,
    programmeId: row.programme_id,
    programmeCode: row.programme_code,
    name: row.name,
    regionCode: row.region_code,
    regionName: row.region_name,
    cityRegionCode: row.city_region_code,
    provinceRegionCode: row.province_region_code,
  };
}

/** The actor's regionCodes contain the project's county, city or province. */
export function projectInScope(project: ProjectRef, regionCodes: readonly string[]): boolean {
  return [project.regionCode, project.cityRegionCode, project.provinceRegionCode].some(
    (code) => code !== null && regionCodes.includes(code),
  );
}
