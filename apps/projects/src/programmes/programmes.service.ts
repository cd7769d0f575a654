import { randomUUID } from 'node:crypto';
import { localDateOf } from '@duban/calendar';
import {
  ConflictError,
  NotFoundError,
  PROGRAMME_STATUS_LABELS,
  ProgrammeClosed,
  ValidationError,
  inScope,
  type Actor,
  type CreateProgrammeBody,
  type ProgrammeStatus,
  type ProgrammeView,
} from '@duban/contracts';
import { Access, AuditLog, Clock, Outbox, Transactions, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { eventActor } from '../milestones/event-actor-view';
import { MilestonesRepository, type MilestoneRecord } from '../milestones/milestones.repository';
import { OfficersRepository, type OfficerRecord } from '../officers/officers.repository';
import { ProjectsRepository } from '../projects/projects.repository';
import { RegionsRepository } from '../regions/regions.repository';
import { RegionScope } from '../scope/region-scope.service';
import { mayCreateProgramme, roleMayNotMessage } from '../scope/role-rules';
import { codeForYear, templateProblems } from './milestone-template-rules';
import { nextYearSeed } from './next-year-seeds-rules';
import { ProgrammeInstantiationService, type ProjectSeed } from './programme-instantiation.service';
import { programmeDefinitionOf } from './programme-template-rules';
import { DEFAULT_REPORT_SETTINGS } from './shipped-template-rules';
import { ProgrammeTemplatesRepository } from './programme-templates.repository';
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
    private readonly templates: ProgrammeTemplatesRepository,
    private readonly regions: RegionsRepository,
    private readonly scope: RegionScope,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** The programmes over a region the caller works in (its scope, or a region above it). */
  async list(actor: Actor, options: { archived?: boolean } = {}): Promise<ProgrammeView[]> {
    const tx = this.transactions.none;
    const programmes = await this.programmes.findWithRoots(
      tx,
      await this.scope.walkableRegionCodes(tx, actor),
      options,
    );
    const counts = await this.projects.countByProgrammes(
      tx,
      programmes.map((programme) => programme.id),
    );
    return programmes.map((programme) => toProgrammeView(programme, counts.get(programme.id) ?? 0));
  }

  /** A programme year from a template or from an existing programme (exactly one of the two). */
  async create(actor: Actor, body: CreateProgrammeBody): Promise<ProgrammeView> {
    const both = body.templateCode !== undefined && body.sourceProgrammeId !== undefined;
    const neither = body.templateCode === undefined && body.sourceProgrammeId === undefined;
    if (both || neither) {
      const message = both ? '模板与源计划只能选一个' : '请选择计划模板（templateCode）或源计划（sourceProgrammeId）';
      throw new ValidationError([{ field: 'templateCode', message }], message);
    }
    if (body.templateCode !== undefined) {
      if (!body.regionCodes) {
        throw new ValidationError([{ field: 'regionCodes', message: '由模板生成计划时必须选择地区' }], '请选择地区');
      }
      return this.createFromTemplate(actor, {
        year: body.year,
        templateCode: body.templateCode,
        regionCodes: body.regionCodes,
      });
    }
    if (body.regionCodes) {
      throw new ValidationError(
        [{ field: 'regionCodes', message: '由源计划生成时沿用源计划的县，不能另选地区' }],
        '请求中有无效字段',
      );
    }
    return this.createNextYear(actor, { year: body.year, sourceProgrammeId: body.sourceProgrammeId as string });
  }

  /**
   * A programme year from the latest version of a template, for every county under the chosen regions (in
   * the caller's scope, all in one province): a project per county named `<county><projectTitle>`, with the
   * county's population and its source, no leading group yet (the counties add theirs), and the template's
   * milestones in that year. One transaction; every milestone is announced as scheduled.
   */
  async createFromTemplate(
    actor: Actor,
    body: { year: number; templateCode: string; regionCodes: readonly string[] },
  ): Promise<ProgrammeView> {
    const action = 'programme.create';
    const attempt = { actor, action, targetType: 'programme_template', targetId: body.templateCode };
    await this.access.requireRole(
      attempt,
      mayCreateProgramme(actor.role),
      roleMayNotMessage(actor.role, '创建年度计划（仅限省级管理员）'),
    );
    return this.transactions.runAndAnswer(async (tx) => {
      const template = await this.templates.findLatest(tx, body.templateCode);
      if (!template) {
        throw new ValidationError([{ field: 'templateCode', message: '计划模板不存在' }], '计划模板不存在');
      }
      const counties = await this.countiesUnder(tx, actor, body.regionCodes);
      const provinces = new Set<string>();
      for (const county of counties) {
        const path = await this.scope.regionPath(tx, county.code);
        provinces.add(path.at(-1) as string);
      }
      if (provinces.size !== 1) {
        throw new ValidationError(
          [{ field: 'regionCodes', message: '所选地区须属于同一个省' }],
          '所选地区须属于同一个省',
        );
      }
      const rootRegionCode = [...provinces][0] as string;
      const code = `${template.code}-${body.year}-${rootRegionCode}`;
      if (await this.programmes.findByCode(tx, code)) {
        throw new ConflictError(`「${template.definition.name}」${body.year} 年度计划已存在`);
      }
      const now = this.clock.now();
      const programme = await this.programmes.insert(
        tx,
        {
          code,
          name: template.definition.name,
          year: body.year,
          rootRegionCode,
          countyCount: counties.length,
          ...programmeDefinitionOf(template.definition),
          ...DEFAULT_REPORT_SETTINGS,
          sourceProgrammeId: null,
          template: { code: template.code, version: template.version },
        },
        now,
      );
      const seeds: ProjectSeed[] = counties.map((county) => ({
        regionCode: county.code,
        name: `${county.name}${template.definition.projectTitle}`,
        population: county.population,
        populationSource: county.populationSource,
        plannedAreaM2: null,
        plannedAreaAtLeast: false,
        noRecruitmentHall: false,
        officers: [],
        responsibleByKey: {},
      }));
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
          template: { code: template.code, version: template.version },
          regionCodes: body.regionCodes,
          projects: created.projects,
          milestones: created.milestones,
          history,
        },
      });
      return toProgrammeView(programme, created.projects);
    });
  }

  /** Closes an open programme: read-only from then on (every write to it is a 409). */
  close(actor: Actor, programmeId: string): Promise<ProgrammeView> {
    return this.changeStatus(actor, programmeId, 'closed');
  }

  /** Archives a closed programme: still read-only, and listed only when archived ones are asked for. */
  archive(actor: Actor, programmeId: string): Promise<ProgrammeView> {
    return this.changeStatus(actor, programmeId, 'archived');
  }

  private changeStatus(actor: Actor, programmeId: string, status: Exclude<ProgrammeStatus, 'open'>) {
    const action = status === 'closed' ? 'programme.close' : 'programme.archive';
    return this.transactions.runAndAnswer(async (tx) => {
      const programme = await this.programmes.findById(tx, programmeId, { lock: true });
      if (!programme) throw new NotFoundError(PROGRAMME_NOT_FOUND);
      const attempt = { actor, action, targetType: 'programme', targetId: programme.id };
      if (!(await this.scope.walkableRegionCodes(tx, actor)).has(programme.rootRegionCode)) {
        throw await this.access.outOfScope(attempt, PROGRAMME_NOT_FOUND);
      }
      await this.access.requireRole(
        attempt,
        mayCreateProgramme(actor.role),
        roleMayNotMessage(actor.role, status === 'closed' ? '关闭年度计划' : '归档年度计划'),
      );
      // Closing is final: no route opens a programme again, so the refusals say so.
      if (status === 'closed' && programme.status !== 'open') {
        throw new ConflictError(
          `「${programme.name}」${programme.year} 年度计划${PROGRAMME_STATUS_LABELS[programme.status]}（关闭后不能重新打开）`,
        );
      }
      if (status === 'archived' && programme.status !== 'closed') {
        throw new ConflictError(
          programme.status === 'open'
            ? '计划须先关闭才能归档'
            : `「${programme.name}」${programme.year} 年度计划已归档（归档后不能重新打开）`,
        );
      }
      const now = this.clock.now();
      const saved = await this.programmes.setStatus(tx, programme.id, status, programme.closedAt ?? now);
      // Everything that chases the programme stops: notifications cancel its open deadlines, funding and
      // evaluation refuse writes to it (in this transaction, through the outbox).
      await this.outbox.append(
        tx,
        ProgrammeClosed,
        {
          programmeId: saved.id,
          programmeCode: saved.code,
          name: saved.name,
          year: saved.year,
          status,
          closedAt: (saved.closedAt ?? now).toISOString(),
          closedBy: eventActor(actor),
        },
        { aggregateId: saved.id, occurredAt: now },
      );
      await this.audit.recordDone(tx, {
        actor,
        action,
        targetType: 'programme',
        targetId: programme.id,
        before: { status: programme.status },
        after: { status: saved.status, closedAt: saved.closedAt?.toISOString() ?? null },
      });
      return toProgrammeView(saved, await this.projects.countByProgramme(tx, saved.id));
    });
  }

  /** The counties under `regionCodes`, each checked: it exists and lies in the caller's scope (else 400). */
  private async countiesUnder(tx: Tx, actor: Actor, regionCodes: readonly string[]) {
    const found = new Map((await this.regions.findByCodes(tx, regionCodes)).map((region) => [region.code, region]));
    const errors = [];
    for (const [index, code] of regionCodes.entries()) {
      if (!found.has(code)) errors.push({ field: `regionCodes.${index}`, message: `地区 ${code} 不存在` });
      else if (!inScope(actor, await this.scope.regionPath(tx, code)))
        errors.push({ field: `regionCodes.${index}`, message: `地区 ${code} 不在您的管辖范围内` });
    }
    if (errors.length > 0) throw new ValidationError(errors, '所选地区有误');
    const subtree = await this.regions.findSubtreeCodes(tx, regionCodes);
    const counties = (await this.regions.findByCodes(tx, [...subtree]))
      .filter((region) => region.level === 'county')
      .sort((a, b) => a.code.localeCompare(b.code));
    if (counties.length === 0) {
      throw new ValidationError([{ field: 'regionCodes', message: '所选地区下没有县' }], '所选地区下没有县');
    }
    return counties;
  }

  /**
   * A new year of a programme: the source's definition (template, reminder policy, report day, light
   * rule) with the template's deadlines in the new year, and a project for each of the source's counties
   * with its planning columns and leading group. One transaction; every milestone is announced as scheduled.
   * A year before the current one is loaded as history (see MilestoneScheduled).
   */
  async createNextYear(actor: Actor, body: { year: number; sourceProgrammeId: string }): Promise<ProgrammeView> {
    const action = 'programme.create';
    return this.transactions.runAndAnswer(async (tx) => {
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
          ...(source.templateCode !== null && source.templateVersion !== null
            ? { template: { code: source.templateCode, version: source.templateVersion } }
            : {}),
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
