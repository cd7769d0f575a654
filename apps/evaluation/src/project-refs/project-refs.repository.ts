import { projectRefValues, type ProjectRegisteredData } from '@duban/contracts';
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

/** Columns as a ProjectRef. */
const PROJECT_REF = `id, programme_id AS "programmeId", programme_code AS "programmeCode", name, region_code AS "regionCode",
  region_name AS "regionName", city_region_code AS "cityRegionCode", province_region_code AS "provinceRegionCode"`;

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
      [...projectRefValues(data), at],
    );
  }

  async find(tx: Tx, projectId: string): Promise<ProjectRef | null> {
    const rows: ProjectRef[] = await tx.query(`SELECT ${PROJECT_REF} FROM evaluation.project WHERE id = $1`, [
      projectId,
    ]);
    return rows[0] ?? null;
  }
}

/** Where a project lies in the region tree: its county, city and province (the scope rule's input). */
export function projectRegionPath(project: ProjectRef): (string | null)[] {
  return [project.regionCode, project.cityRegionCode, project.provinceRegionCode];
}
