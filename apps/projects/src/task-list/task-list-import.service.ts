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
import { ImportCounties } from './import-counties.service';
import { Injectable } from '@nestjs/common';
import type { ProgrammeRecord } from '../programmes/programmes.repository';
import { projectChanges, type ProjectChanges } from '../projects/project-changes-rules';
import { ProjectsRepository, type ProjectRecord } from '../projects/projects.repository';
import { ProjectsService } from '../projects/projects.service';
import type { RegionRecord } from '../regions/regions.repository';
import { forbiddenFieldsMessage, forbiddenProjectFields, mayEditProject, roleMayNotMessage } from '../scope/role-rules';
import {
  COUNTY_COLUMN,
  columnOf,
  forbiddenProblems,
  importBody,
  importDecision,
  importReport,
  rowProblems,
  shownValue,
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
    private readonly counties: ImportCounties,
    private readonly projects: ProjectsRepository,
    private readonly projectsService: ProjectsService,
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
    return this.transactions.runAndAnswer(async (tx) => {
      const programme = await this.counties.programmeOf(tx, programmeId);
      const { planned, problems } = await this.plan(tx, actor, programme, rows);
      const decision = importDecision(mode, problems);
      const changed = planned.filter((plan) => Object.keys(plan.changes).length > 0);
      if (decision.apply) {
        for (const plan of changed) await this.projectsService.applyChanges(tx, actor, plan, plan.changes, ACTION);
      }
      const changes = changed.map(({ row, project, county, changes }) => ({
        row: row.row,
        regionCode: project.regionCode,
        countyName: county.name,
        changes: (Object.keys(changes) as ProjectField[]).map((field) => ({
          column: columnOf(field),
          before: shownValue(field, changes[field]?.before),
          after: shownValue(field, changes[field]?.after),
        })),
      }));
      return importReport(mode, decision, { rows: rows.length, valid: planned.length }, changes, problems);
    });
  }

  /** Each row matched, checked and compared with its project (locked); the problems of the others. */
  private async plan(
    tx: Tx,
    actor: Actor,
    programme: ProgrammeRecord,
    rows: readonly TaskListImportRow[],
  ): Promise<{ planned: Planned[]; problems: ImportProblem[] }> {
    const resolved = await this.counties.resolve(tx, actor, programme, rows, ACTION);
    const problems = resolved.problems;
    const matched = new Map<string, number>();
    const accepted: { row: TaskListImportRow; region: RegionRecord }[] = [];
    for (const { row, region } of resolved.matched) {
      const earlier = matched.get(region.code);
      if (earlier !== undefined) {
        problems.push({
          row: row.row,
          column: COUNTY_COLUMN,
          value: region.name,
          reason: `与第 ${earlier} 行是同一县（市、区）`,
        });
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
