import type { ProjectRegisteredData } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';

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
  /** Records a project if new; a replay changes nothing but its names. */
  async register(tx: Tx, data: ProjectRegisteredData, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO evaluation.project
         (id, programme_id, programme_code, programme_year, name, region_code, region_name, city_region_code,
          city_name, province_region_code, registered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
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
        at,
      ],
    );
  }

  async find(tx: Tx, projectId: string): Promise<ProjectRef | null> {
    const rows: ProjectRow[] = await tx.query(`SELECT * FROM evaluation.project WHERE id = $1`, [projectId]);
    const row = rows[0];
    return row ? toRef(row) : null;
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

/** Where a project lies in the region tree: its county, city and province (the scope rule's input). */
export function projectRegionPath(project: ProjectRef): (string | null)[] {
  return [project.regionCode, project.cityRegionCode, project.provinceRegionCode];
}
