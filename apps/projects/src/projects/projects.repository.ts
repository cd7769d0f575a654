import { modifiedRows, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';

export type ConstructionType = 'new' | 'renovation';
export type ConstructionProgress = 'site_selected' | 'under_construction' | 'built';

/**
 * One county's project under a programme: the county's row of the task list (附件1). The three money
 * columns of that row belong to the funding service and are not stored here.
 */
export interface ProjectRecord {
  readonly id: string;
  readonly programmeId: string;
  /** The county's 6-digit code. */
  readonly regionCode: string;
  /** e.g. 临县公益性零工市场 */
  readonly name: string;
  /** 人口基数, with where it comes from (a yearbook or a census, never one passed off as the other). */
  readonly population: number | null;
  readonly populationSource: string | null;
  /** 应规划室内场所面积 in m²; `plannedAreaAtLeast` is the documents' "+" (150+ = at least 150). */
  readonly plannedAreaM2: number | null;
  readonly plannedAreaAtLeast: boolean;
  /** 建设类型: 新建 (new) or 改建 (renovation). */
  readonly constructionType: ConstructionType | null;
  /** 目前建设进度: 已选址, 建设中, 已建成. */
  readonly progress: ConstructionProgress | null;
  /** 室内服务场所实际面积, whole m². */
  readonly actualAreaM2: number | null;
  /** 项目详细地址 */
  readonly address: string | null;
  /** The county's employment service had no recruitment hall (the documents' bold counties). */
  readonly noRecruitmentHall: boolean;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type NewProject = Omit<ProjectRecord, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

/** The columns of a ProjectRecord (also read by the one query a milestone write starts with). */
export const PROJECT_COLUMNS = `id, programme_id AS "programmeId", region_code AS "regionCode", name, population,
  population_source AS "populationSource", planned_area_m2 AS "plannedAreaM2",
  planned_area_at_least AS "plannedAreaAtLeast", construction_type AS "constructionType", progress,
  actual_area_m2 AS "actualAreaM2", address, no_recruitment_hall AS "noRecruitmentHall", version,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The 附件1 columns a project's editors change, in the order of `editableValues`. */
const EDITABLE_COLUMNS = `population, population_source, planned_area_m2, planned_area_at_least, construction_type,
  progress, actual_area_m2, address, no_recruitment_hall`;

function editableValues(project: NewProject): unknown[] {
  return [
    project.population,
    project.populationSource,
    project.plannedAreaM2,
    project.plannedAreaAtLeast,
    project.constructionType,
    project.progress,
    project.actualAreaM2,
    project.address,
    project.noRecruitmentHall,
  ];
}

/** County projects (projects.county_project): their one owner. */
@Injectable()
export class ProjectsRepository {
  /** `lock` holds the row until the transaction ends, for the write that follows. */
  async findById(tx: Tx, projectId: string, options: { lock?: boolean } = {}): Promise<ProjectRecord | null> {
    const rows: ProjectRecord[] = await tx.query(
      `SELECT ${PROJECT_COLUMNS} FROM projects.county_project WHERE id = $1 ${options.lock ? 'FOR UPDATE' : ''}`,
      [projectId],
    );
    return rows[0] ?? null;
  }

  /** Projects whose county is in `regionCodes`, optionally of one programme, by county code. */
  async findInRegions(tx: Tx, regionCodes: readonly string[], programmeId?: string): Promise<ProjectRecord[]> {
    if (regionCodes.length === 0) return [];
    return tx.query(
      `SELECT ${PROJECT_COLUMNS} FROM projects.county_project
        WHERE region_code = ANY($1::text[]) AND ($2::uuid IS NULL OR programme_id = $2)
        ORDER BY region_code`,
      [[...regionCodes], programmeId ?? null],
    );
  }

  findByProgramme(tx: Tx, programmeId: string): Promise<ProjectRecord[]> {
    return tx.query(
      `SELECT ${PROJECT_COLUMNS} FROM projects.county_project WHERE programme_id = $1 ORDER BY region_code`,
      [programmeId],
    );
  }

  /** A programme's projects in these counties, held until the transaction ends (an import's write). */
  findInProgrammeForUpdate(tx: Tx, programmeId: string, regionCodes: readonly string[]): Promise<ProjectRecord[]> {
    if (regionCodes.length === 0) return Promise.resolve([]);
    return tx.query(
      `SELECT ${PROJECT_COLUMNS} FROM projects.county_project
        WHERE programme_id = $1 AND region_code = ANY($2::text[]) ORDER BY region_code FOR UPDATE`,
      [programmeId, [...regionCodes]],
    );
  }

  async countByProgramme(tx: Tx, programmeId: string): Promise<number> {
    return (await this.countByProgrammes(tx, [programmeId])).get(programmeId) ?? 0;
  }

  /** How many county projects each programme has (a programme without any is absent). */
  async countByProgrammes(tx: Tx, programmeIds: readonly string[]): Promise<Map<string, number>> {
    if (programmeIds.length === 0) return new Map();
    const rows: { programmeId: string; count: number }[] = await tx.query(
      `SELECT programme_id AS "programmeId", count(*)::int AS count FROM projects.county_project
        WHERE programme_id = ANY($1::uuid[]) GROUP BY programme_id`,
      [[...programmeIds]],
    );
    return new Map(rows.map((row) => [row.programmeId, row.count]));
  }

  async insert(tx: Tx, project: NewProject, at: Date): Promise<ProjectRecord> {
    const [inserted] = (await tx.query(
      `INSERT INTO projects.county_project (${EDITABLE_COLUMNS}, programme_id, region_code, name, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
       RETURNING ${PROJECT_COLUMNS}`,
      [...editableValues(project), project.programmeId, project.regionCode, project.name, at],
    )) as [ProjectRecord];
    return inserted;
  }

  /** Writes the project's 附件1 columns as given; its version goes up by one (optimistic concurrency). */
  async update(tx: Tx, project: ProjectRecord, at: Date): Promise<ProjectRecord> {
    const [updated] = await modifiedRows<ProjectRecord>(
      tx,
      `UPDATE projects.county_project SET (${EDITABLE_COLUMNS}, version, updated_at) =
         ($1, $2, $3, $4, $5, $6, $7, $8, $9, version + 1, $11)
        WHERE id = $10
        RETURNING ${PROJECT_COLUMNS}`,
      [...editableValues(project), project.id, at],
    );
    if (!updated) throw new Error(`County project ${project.id} vanished while being updated`);
    return updated;
  }
}
