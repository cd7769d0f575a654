import { randomUUID } from 'node:crypto';
import { localDateOf } from '@duban/calendar';
import {
  ConflictError,
  NotFoundError,
  type Actor,
  type CreateProgrammeBody,
  type ProgrammeView,
} from '@duban/contracts';
import { AuditLog } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { MilestonesRepository } from '../milestones/milestones.repository';
import type { Milestone } from '../milestones/milestone.entity';
import { OfficersRepository } from '../officers/officers.repository';
import type { Officer } from '../officers/officer.entity';
import { ProjectsRepository } from '../projects/projects.repository';
import { RegionsRepository } from '../regions/regions.repository';
import { Denials } from '../scope/denials';
import { RegionScope } from '../scope/region-scope';
import { mayCreateProgramme, roleMayNotMessage } from '../scope/role-rules';
import { codeForYear, templateProblems } from './milestone-template';
import { nextYearSeed } from './next-year-seeds';
import { ProgrammeInstantiation, type ProjectSeed } from './programme-instantiation';
import { toProgrammeView } from './programme-view';
import type { Programme } from './programme.entity';
import { ProgrammesRepository } from './programmes.repository';

const PROGRAMME_NOT_FOUND = '计划不存在';

/** Programmes: listing them, and setting up a programme's next year from an existing one in one call. */
@Injectable()
export class ProgrammesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly programmes: ProgrammesRepository,
    private readonly projects: ProjectsRepository,
    private readonly officers: OfficersRepository,
    private readonly milestones: MilestonesRepository,
    private readonly regions: RegionsRepository,
    private readonly instantiation: ProgrammeInstantiation,
    private readonly scope: RegionScope,
    private readonly denials: Denials,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** The programmes over a region the caller works in (its scope, or a region above it). */
  async list(actor: Actor): Promise<ProgrammeView[]> {
    const programmes = await this.programmes.findWithRoots(await this.roots(actor));
    const counts = await this.programmes.projectCounts(programmes.map((programme) => programme.id));
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
    const roots = await this.roots(actor);
    return this.dataSource.transaction(async (manager) => {
      // The lock on the source serialises two requests for the same new year.
      const source = await this.programmes.findInRoots(body.sourceProgrammeId, roots, { manager, lock: true });
      if (!source) {
        if (await this.programmes.exists(body.sourceProgrammeId)) {
          throw await this.denials.outOfScope(
            { actor, action, targetType: 'programme', targetId: body.sourceProgrammeId },
            PROGRAMME_NOT_FOUND,
          );
        }
        throw new NotFoundError(PROGRAMME_NOT_FOUND);
      }
      if (!mayCreateProgramme(actor.role)) {
        throw await this.denials.forbidden(
          { actor, action, targetType: 'programme', targetId: source.id },
          roleMayNotMessage(actor.role, '创建年度计划（仅限省级管理员）'),
        );
      }
      const code = codeForYear(source.code, source.year, body.year);
      if (
        (await this.programmes.yearExists(manager, source.id, body.year)) ||
        (await this.programmes.findByCode(code, manager))
      ) {
        throw new ConflictError(`「${source.name}」${body.year} 年度计划已存在`);
      }
      const problems = templateProblems(source.milestoneTemplate);
      if (source.milestoneTemplate.length === 0) problems.push('没有节点模板');
      if (problems.length > 0) throw new ConflictError(`源计划的节点模板有误：${problems.join('；')}`);

      const programme = await this.programmes.insert(manager, {
        code,
        name: source.name,
        year: body.year,
        rootRegionCode: source.rootRegionCode,
        countyCount: source.countyCount,
        milestoneTemplate: source.milestoneTemplate,
        reminderPolicy: source.reminderPolicy,
        reportDueDay: source.reportDueDay,
        operatingFiguresFromMonth: source.operatingFiguresFromMonth,
        yellowWithinWorkingDays: source.yellowWithinWorkingDays,
        sourceProgrammeId: source.id,
      });
      const seeds = await this.seedsFrom(source, manager);
      const history = body.year < Number(localDateOf(this.clock.now()).slice(0, 4));
      const created = await this.instantiation.instantiate(manager, programme, seeds, { history });
      await this.audit.recordDone(manager, {
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

  private async seedsFrom(source: Programme, manager: EntityManager): Promise<ProjectSeed[]> {
    const projects = await this.projects.findByProgramme(source.id, manager);
    const ids = projects.map((project) => project.id);
    const officers = groupBy(await this.officers.findByProjects(ids, manager), (officer: Officer) => officer.projectId);
    const milestones = groupBy(
      await this.milestones.findByProjects(ids, manager),
      (milestone: Milestone) => milestone.projectId,
    );
    return projects.map((project) =>
      nextYearSeed(project, officers.get(project.id) ?? [], milestones.get(project.id) ?? [], randomUUID),
    );
  }

  /** Regions whose programmes the caller may see: its scope and everything above it. */
  private async roots(actor: Actor): Promise<Set<string>> {
    const visible = await this.scope.visibleRegionCodes(actor);
    return new Set([...visible, ...(await this.regions.findAncestorCodes(actor.regionCodes))]);
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
