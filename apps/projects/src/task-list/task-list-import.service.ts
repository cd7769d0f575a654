import {
  updateProjectBodySchema,
  ValidationError,
  type Actor,
  type ImportMode,
  type ImportProblem,
  type ImportReport,
  type ProjectField,
  type TaskListImportRow,
} from '@duban/contracts';
import { Access, Transactions, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { ProgrammeRecord } from '../programmes/programmes.repository';
import { ProgrammesRepository } from '../programmes/programmes.repository';
import { projectChanges, type ProjectChanges } from '../projects/project-changes-rules';
import { ProjectsRepository, type ProjectRecord } from '../projects/projects.repository';
import { ProjectsService } from '../projects/projects.service';
import { RegionsRepository, type RegionRecord } from '../regions/regions.repository';
import { RegionScope } from '../scope/region-scope.service';
import { forbiddenFieldsMessage, forbiddenProjectFields, mayEditProject, roleMayNotMessage } from '../scope/role-rules';
import {
  COUNTY_COLUMN,
  columnOf,
  forbiddenProblems,
  importBody,
  matchCounty,
  problemsAsFieldErrors,
  rowProblems,
  shownValue,
  type CountyCandidate,
} from './task-list-import-rules';

const ACTION = 'project.import';

interface Planned {
  readonly row: TaskListImportRow;
  readonly project: ProjectRecord;
  readonly county: RegionRecord;
  readonly changes: ProjectChanges;
}

/**
 * Imports 附件1 rows (read from a workbook by the gateway) into the programme's county projects: each row
 * matched to its county, checked against the caller's scope and role and the same rules as a PATCH, then,
 * as the mode says, reported only, applied all or nothing, or applied for the valid rows. One transaction
 * with the projects locked; each changed project gets the PATCH's event and audit row, an unchanged one
 * nothing (so a second import of the same file writes nothing at all).
 */
@Injectable()
export class TaskListImportService {
  constructor(
    private readonly transactions: Transactions,
    private readonly programmes: ProgrammesRepository,
    private readonly projects: ProjectsRepository,
    private readonly projectsService: ProjectsService,
    private readonly regions: RegionsRepository,
    private readonly scope: RegionScope,
    private readonly access: Access,
  ) {}

  async import(
    actor: Actor,
    mode: ImportMode,
    rows: readonly TaskListImportRow[],
    programmeId?: string,
  ): Promise<ImportReport> {
    const attempt = { actor, action: ACTION, targetType: 'programme', targetId: programmeId ?? '' };
    await this.access.requireRole(attempt, mayEditProject(actor.role), roleMayNotMessage(actor.role, '导入任务清单'));
    if (rows.length === 0) throw new ValidationError([{ field: 'file', message: '文件中没有数据行' }]);
    return this.transactions.run(async (tx) => {
      const programme = await this.programmeOf(tx, programmeId);
      const { planned, problems } = await this.plan(tx, actor, programme, rows);
      const errorRows = new Set(problems.map((problem) => problem.row)).size;
      if (mode === 'all-or-nothing' && problems.length > 0) {
        throw new ValidationError(
          problemsAsFieldErrors(problems),
          `导入被拒绝：${errorRows} 行有误，未写入任何数据（可先预览，或选择只导入无误的行）`,
        );
      }
      const apply = mode !== 'preview';
      const changed = planned.filter((plan) => Object.keys(plan.changes).length > 0);
      if (apply) {
        for (const plan of changed) await this.projectsService.applyChanges(tx, actor, plan, plan.changes, ACTION);
      }
      return {
        mode,
        applied: apply && changed.length > 0,
        rows: rows.length,
        changedRows: changed.length,
        unchangedRows: planned.length - changed.length,
        errorRows,
        changes: changed.map(({ row, project, county, changes }) => ({
          row: row.row,
          regionCode: project.regionCode,
          countyName: county.name,
          changes: (Object.keys(changes) as ProjectField[]).map((field) => ({
            column: columnOf(field),
            before: shownValue(field, changes[field]?.before),
            after: shownValue(field, changes[field]?.after),
          })),
        })),
        problems,
      };
    });
  }

  /** The programme named, else the newest one that has county projects. */
  private async programmeOf(tx: Tx, programmeId: string | undefined): Promise<ProgrammeRecord> {
    const programmes = programmeId
      ? [await this.programmes.findById(tx, programmeId)].filter((p): p is ProgrammeRecord => p !== null)
      : (await this.programmes.findAll(tx)).reverse();
    const counts = await this.projects.countByProgrammes(
      tx,
      programmes.map((programme) => programme.id),
    );
    const programme = programmes.find((candidate) => (counts.get(candidate.id) ?? 0) > 0);
    if (!programme) throw new ValidationError([{ field: 'programmeId', message: '没有可导入的年度计划' }]);
    return programme;
  }

  /** Each row matched, checked and compared with its project (locked); the problems of the others. */
  private async plan(
    tx: Tx,
    actor: Actor,
    programme: ProgrammeRecord,
    rows: readonly TaskListImportRow[],
  ): Promise<{ planned: Planned[]; problems: ImportProblem[] }> {
    const all = await this.projects.findByProgramme(tx, programme.id);
    const counties = await this.regions.findByCodes(
      tx,
      all.map((project) => project.regionCode),
    );
    const cities = await this.regions.findByCodes(
      tx,
      counties.flatMap((county) => (county.parentCode ? [county.parentCode] : [])),
    );
    const cityName = new Map(cities.map((city) => [city.code, city.name]));
    const candidates: (CountyCandidate & { region: RegionRecord })[] = counties.map((region) => ({
      regionCode: region.code,
      countyName: region.name,
      cityName: region.parentCode ? (cityName.get(region.parentCode) ?? null) : null,
      region,
    }));
    const visible = await this.scope.visibleRegionCodes(tx, actor);
    const matched = new Map<string, number>();
    const problems: ImportProblem[] = [];
    const accepted: { row: TaskListImportRow; region: RegionRecord }[] = [];
    for (const row of rows) {
      const match = matchCounty(row, candidates);
      if (!('county' in match)) {
        problems.push({ row: row.row, column: COUNTY_COLUMN, value: match.value, reason: match.reason });
        continue;
      }
      const { region } = match.county;
      if (!visible.has(region.code)) {
        await this.access.recordOutOfScope({ actor, action: ACTION, targetType: 'region', targetId: region.code });
        problems.push({ row: row.row, column: COUNTY_COLUMN, value: region.name, reason: '该县（市、区）不在您的权限范围内' });
        continue;
      }
      const earlier = matched.get(region.code);
      if (earlier !== undefined) {
        problems.push({ row: row.row, column: COUNTY_COLUMN, value: region.name, reason: `与第 ${earlier} 行是同一县（市、区）` });
        continue;
      }
      matched.set(region.code, row.row);
      accepted.push({ row, region });
    }
    const locked = await this.projects.findInProgrammeForUpdate(
      tx,
      programme.id,
      accepted.map(({ region }) => region.code),
    );
    const projectOf = new Map(locked.map((project) => [project.regionCode, project]));
    const planned: Planned[] = [];
    for (const { row, region } of accepted) {
      const project = projectOf.get(region.code) as ProjectRecord;
      const rowIssues: ImportProblem[] = row.unreadable.map((cell) => ({ row: row.row, ...cell }));
      const parsed = updateProjectBodySchema.safeParse(importBody(row, project));
      if (!parsed.success) rowIssues.push(...rowProblems(row, parsed.error.issues));
      if (rowIssues.length > 0 || !parsed.success) {
        problems.push(...rowIssues);
        continue;
      }
      const changes = projectChanges(project, parsed.data);
      const forbidden = forbiddenProjectFields(actor.role, Object.keys(changes) as ProjectField[]);
      if (forbidden.length > 0) {
        problems.push(...forbiddenProblems(row, forbidden, (field) => forbiddenFieldsMessage(actor.role, [field])));
        continue;
      }
      planned.push({ row, project, county: region, changes });
    }
    problems.sort((a, b) => a.row - b.row);
    return { planned, problems };
  }
}
