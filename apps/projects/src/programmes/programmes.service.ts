import { randomUUID } from 'node:crypto';
import { localDateOf } from '@duban/calendar';
import {
  ConflictError,
  NotFoundError,
  type Actor,
  type CreateProgrammeBody,
  type ProgrammeView,
} from '@duban/contracts';
import { Access, AuditLog, Clock, Transactions, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { MilestonesRepository, type MilestoneRecord } from '../milestones/milestones.repository';
import { OfficersRepository, type OfficerRecord } from '../officers/officers.repository';
import { ProjectsRepository } from '../projects/projects.repository';
import { RegionScope } from '../scope/region-scope.service';
import { mayCreateProgramme, roleMayNotMessage } from '../scope/role-rules';
import { codeForYear, templateProblems } from './milestone-template-rules';
import { nextYearSeed } from './next-year-seeds-rules';
import { ProgrammeInstantiationService, type ProjectSeed } from './programme-instantiation.service';
import { toProgrammeView } from './programme-view';
import { ProgrammesRepository, type ProgrammeRecord } from './programmes.repository';

const PROGRAMME_NOT_FOUND = '计划不存在';

/** Programmes: listing them, and setting up a programme's next year from an existing one in one call. */
@Injectable()
export class ProgrammesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly programmes: ProgrammesRepository,
    private readonly projects: ProjectsRepository,
    private readonly officers: OfficersRepository,
    private readonly milestones: MilestonesRepository,
    private readonly instantiation: ProgrammeInstantiationService,
    private readonly scope: RegionScope,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** The programmes over a region the caller works in (its scope, or a region above it). */
  async list(actor: Actor): Promise<ProgrammeView[]> {
    const tx = this.transactions.none;
    const programmes = await this.programmes.findWithRoots(tx, await this.scope.walkableRegionCodes(tx, actor));
    const counts = await this.projects.countByProgrammes(
      tx,
      programmes.map((programme) => programme.id),
    );
    return programmes.map((programme) => toProgrammeView(programme, counts.get(programme.id) ?? 0));
  }

  /**
   * A new year of a programme: the source's definition (template, reminder policy, report day, light
   * rule) with the template's deadlines in the new year, and a project for each of the source's counties
   * with its planning columns and leading group. One transaction; every milestone is announced as scheduled.
   * A year before the current one is loaded as history (see MilestoneScheduled).
   */
  async createNextYear(actor: Actor, body: CreateProgrammeBody): Promise<ProgrammeView> {
    const action = 'programme.create';
    return this.transactions.run(async (tx) => {
      // The lock on the source serialises two requests for the same new year.
      const source = await this.programmes.findById(tx, body.sourceProgrammeId, { lock: true });
      if (!source) throw new NotFoundError(PROGRAMME_NOT_FOUND);
      // A programme is seen from its root region and from anywhere inside it.
      const attempt = { actor, action, targetType: 'programme', targetId: source.id };
      if (!(await this.scope.walkableRegionCodes(tx, actor)).has(source.rootRegionCode)) {
        throw await this.access.outOfScope(attempt, PROGRAMME_NOT_FOUND);
      }
      await this.access.requireRole(
        attempt,
        mayCreateProgramme(actor.role),
        roleMayNotMessage(actor.role, '创建年度计划（仅限省级管理员）'),
      );
      const code = codeForYear(source.code, source.year, body.year);
      if (
        (await this.programmes.yearExists(tx, source.id, body.year)) ||
        (await this.programmes.findByCode(tx, code))
      ) {
        throw new ConflictError(`「${source.name}」${body.year} 年度计划已存在`);
      }
      const problems = templateProblems(source.milestoneTemplate);
      if (source.milestoneTemplate.length === 0) problems.push('没有节点模板');
      if (problems.length > 0) throw new ConflictError(`源计划的节点模板有误：${problems.join('；')}`);

      const now = this.clock.now();
      const programme = await this.programmes.insert(
        tx,
        {
          code,
          name: source.name,
          year: body.year,
          rootRegionCode: source.rootRegionCode,
          countyCount: source.countyCount,
          milestoneTemplate: source.milestoneTemplate,
          reminderPolicy: source.reminderPolicy,
          reportDueDay: source.reportDueDay,
          reportResubmitWorkingDays: source.reportResubmitWorkingDays,
          reportReminderPlan: source.reportReminderPlan,
          operatingFiguresFromMonth: source.operatingFiguresFromMonth,
          yellowWithinWorkingDays: source.yellowWithinWorkingDays,
          sourceProgrammeId: source.id,
        },
        now,
      );
      const seeds = await this.seedsFrom(tx, source);
      const history = body.year < Number(localDateOf(now).slice(0, 4));
      const created = await this.instantiation.instantiate(tx, programme, seeds, { history });
      await this.audit.recordDone(tx, {
        actor,
        action,
        targetType: 'programme',
        targetId: programme.id,
        after: {
          code: programme.code,
          name: programme.name,
          year: programme.year,
          sourceProgrammeId: source.id,
          projects: created.projects,
          milestones: created.milestones,
          history,
        },
      });
      return toProgrammeView(programme, created.projects);
    });
  }

  private async seedsFrom(tx: Tx, source: ProgrammeRecord): Promise<ProjectSeed[]> {
    const projects = await this.projects.findByProgramme(tx, source.id);
    const ids = projects.map((project) => project.id);
    const officers = groupBy(
      await this.officers.findByProjects(tx, ids),
      (officer: OfficerRecord) => officer.projectId,
    );
    const milestones = groupBy(
      await this.milestones.findByProjects(tx, ids),
      (milestone: MilestoneRecord) => milestone.projectId,
    );
    return projects.map((project) =>
      nextYearSeed(project, officers.get(project.id) ?? [], milestones.get(project.id) ?? [], randomUUID),
    );
  }
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group) group.push(item);
    else groups.set(keyOf(item), [item]);
  }
  return groups;
}
