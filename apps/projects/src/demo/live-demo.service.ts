import { localDateOf, yearOf, type LocalDate } from '@duban/calendar';
import {
  ConflictError,
  DEMO_DATA_MARK,
  DEMO_PROGRAMME_CODE,
  liveDemoProgrammeCode,
  MilestoneCompleted,
  MilestoneRescheduled,
  OfficerChanged,
  type Actor,
} from '@duban/contracts';
import { Clock, Outbox, Transactions, type Tx } from '@duban/platform';
import { Injectable, Logger } from '@nestjs/common';
import { WorkingDays } from '../calendar/working-days.service';
import { eventActor } from '../milestones/event-actor-view';
import { milestoneFacts } from '../milestones/milestone-facts-view';
import { MilestonesRepository, type MilestoneRecord } from '../milestones/milestones.repository';
import { MilestonesService } from '../milestones/milestones.service';
import { OfficersRepository, type OfficerRecord } from '../officers/officers.repository';
import { ProgrammesService } from '../programmes/programmes.service';
import { ProgrammesRepository } from '../programmes/programmes.repository';
import { ProjectAccessService, type ProjectContext } from '../projects/project-access.service';
import { ProjectsRepository } from '../projects/projects.repository';
import { operatingFiguresRequired } from '../reports/report-rules';
import { ReportsService } from '../reports/reports.service';
import { DEMO_PROVINCE, LINXIAN_CODE } from './demo-programme-rules';
import {
  answersFor,
  countyScenario,
  generatedLeadingGroup,
  placeMilestones,
  scenarioReportMonth,
  WATCHED_MILESTONE,
  type CountyScenario,
  type GeneratedOfficer,
} from './live-demo-rules';

/** Who the live demo acts as: the province, named as demo data in every audit row and event it writes. */
const DEMO_ACTOR: Actor = {
  userId: 'demo',
  username: 'demo',
  displayName: DEMO_DATA_MARK,
  role: 'province_admin',
  regionCodes: [DEMO_PROVINCE.code],
};

export interface LiveDemoResult {
  readonly programmeId: string;
  readonly year: number;
  readonly projects: number;
  readonly generatedGroups: number;
  readonly reports: number;
  readonly watchedMilestoneId: string | null;
}

interface PlacedCounty {
  readonly context: ProjectContext;
  readonly scenario: CountyScenario;
  readonly officers: readonly OfficerRecord[];
}

/**
 * The live demo (`DUBAN_DEMO_LIVE`, which `npm start` sets): the 2023 programme copied to the Clock's year
 * through the programme copy (`POST /api/programmes`'s service), then its story placed around today (see
 * live-demo-rules): a leading group for every county that has none, milestones done, overdue, due soon and
 * on time, last month's reports filed, returned and missing, and one milestone of 临县 due minutes from now
 * whose reminders fire while one watches. Every change goes out through the outbox like any other.
 * Seeded once per year: a programme of the year already there (a restart) is left as it is.
 */
@Injectable()
export class LiveDemoService {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly programmes: ProgrammesRepository,
    private readonly programmesService: ProgrammesService,
    private readonly projects: ProjectsRepository,
    private readonly projectAccess: ProjectAccessService,
    private readonly officers: OfficersRepository,
    private readonly milestones: MilestonesRepository,
    private readonly milestonesService: MilestonesService,
    private readonly reports: ReportsService,
    private readonly workingDays: WorkingDays,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Seeds this year's programme unless the year is the 2023 programme's own; null then. When a start finds
   * the year's programme already there, it only arms a new watched milestone (if none is still ahead), so
   * every start has reminders that fire minutes later; null too.
   */
  async seed(): Promise<LiveDemoResult | null> {
    const today = localDateOf(this.clock.now());
    const year = yearOf(today);
    const none = this.transactions.none;
    const source = await this.programmes.findByCode(none, DEMO_PROGRAMME_CODE);
    if (!source || year <= source.year) return null;
    const existing = await this.programmes.findByCode(none, liveDemoProgrammeCode(year));
    if (existing) {
      if (await this.armWatchedMilestone(existing.id)) {
        this.logger.log(
          `Live demo: 临县's watched milestone armed again, due in ${WATCHED_MILESTONE.dueInMinutes} minutes`,
        );
      }
      return null;
    }
    let programmeId: string;
    try {
      ({ id: programmeId } = await this.programmesService.createNextYear(DEMO_ACTOR, {
        sourceProgrammeId: source.id,
        year,
      }));
    } catch (error) {
      // Another replica created it first: its seed places the story.
      if (error instanceof ConflictError) return null;
      throw error;
    }
    // First, so that its events are not queued behind the whole programme's on a busy machine.
    const watched = await this.armWatchedMilestone(programmeId);
    const placed = await this.transactions.run((tx) => this.placeStory(tx, programmeId, today));
    let reports = 0;
    for (const [index, county] of placed.entries()) reports += await this.fileReport(county, index, today);
    const result = {
      programmeId,
      year,
      projects: placed.length,
      generatedGroups: placed.filter((county) => county.officers.some((o) => o.title.includes(DEMO_DATA_MARK))).length,
      reports,
      watchedMilestoneId: watched,
    };
    this.logger.log(
      `Live demo: ${year} programme with ${result.projects} project(s) placed around ${today}, ` +
        `${result.generatedGroups} generated leading group(s), ${reports} monthly report(s)`,
    );
    return result;
  }

  /** Leading groups where missing, then every template milestone moved around today (done ones completed). */
  private async placeStory(tx: Tx, programmeId: string, today: LocalDate): Promise<PlacedCounty[]> {
    const projects = [...(await this.projects.findByProgramme(tx, programmeId))].sort((a, b) =>
      a.regionCode.localeCompare(b.regionCode),
    );
    const contexts = await this.projectAccess.contextsOf(tx, projects);
    const calendar = this.workingDays.current;
    const now = this.clock.now();
    const placed: PlacedCounty[] = [];
    for (const [index, context] of contexts.entries()) {
      const template = context.programme.milestoneTemplate;
      const scenario = countyScenario(context.county.code, index, template.length);
      const { officers, responsibleFor } = await this.leadingGroup(tx, context, now);
      const milestones = (await this.milestones.findByProject(tx, context.project.id)).filter(
        (milestone) => milestone.key !== null,
      );
      const places = placeMilestones(scenario, milestones.length, today, calendar);
      for (const [position, milestone] of milestones.entries()) {
        const place = places[position] as (typeof places)[number];
        const responsibleOfficerIds = responsibleFor?.(milestone.key as string) ?? milestone.responsibleOfficerIds;
        const moved = { ...milestone, dueDate: place.dueDate, dueAt: null, responsibleOfficerIds };
        if (place.completedAt) await this.complete(tx, context, officers, moved, place.completedAt, now);
        else await this.reschedule(tx, context, officers, milestone, moved, now);
      }
      placed.push({ context, scenario, officers });
    }
    return placed;
  }

  /**
   * The county's group as copied from 2023 (临县's, from the documents), or a generated one marked 演示数据,
   * each member announced as OfficerChanged like a member added in the web app; with who answers for what.
   */
  private async leadingGroup(
    tx: Tx,
    context: ProjectContext,
    now: Date,
  ): Promise<{ officers: OfficerRecord[]; responsibleFor: ((key: string) => string[]) | null }> {
    const existing = await this.officers.findByProject(tx, context.project.id);
    if (existing.length > 0) return { officers: existing, responsibleFor: null };
    const generated = generatedLeadingGroup(context.county.code, context.county.name);
    const officers = await this.officers.insertMany(
      tx,
      generated.map((member, index) => ({
        projectId: context.project.id,
        name: member.name,
        role: member.role,
        title: member.title,
        unit: member.unit,
        username: null,
        sort: index + 1,
      })),
    );
    for (const officer of officers) {
      await this.outbox.append(
        tx,
        OfficerChanged,
        {
          officerId: officer.id,
          projectId: officer.projectId,
          regionCode: context.county.code,
          name: officer.name,
          username: officer.username,
          contacts: officer.contacts,
          removed: false,
          changedBy: eventActor(DEMO_ACTOR),
        },
        { aggregateId: officer.id, occurredAt: now },
      );
    }
    const responsibleFor = (key: string) =>
      officers.filter((_, index) => answersFor(generated[index] as GeneratedOfficer, key)).map((officer) => officer.id);
    return { officers, responsibleFor };
  }

  private async complete(
    tx: Tx,
    context: ProjectContext,
    officers: readonly OfficerRecord[],
    milestone: MilestoneRecord,
    completedAt: Date,
    now: Date,
  ): Promise<void> {
    const saved = await this.milestones.update(
      tx,
      {
        ...milestone,
        status: 'done',
        completedAt,
        completedBy: DEMO_ACTOR.username,
        evidence: {
          text: `${DEMO_DATA_MARK}：按计划完成`,
          attachments: [],
          recordedBy: { userId: DEMO_ACTOR.userId, username: DEMO_ACTOR.username, displayName: DEMO_DATA_MARK },
        },
      },
      now,
    );
    await this.outbox.append(
      tx,
      MilestoneCompleted,
      {
        ...milestoneFacts(context, saved, officers),
        completedAt: completedAt.toISOString(),
        completedBy: eventActor(DEMO_ACTOR),
      },
      { aggregateId: saved.id, occurredAt: now },
    );
  }

  private async reschedule(
    tx: Tx,
    context: ProjectContext,
    officers: readonly OfficerRecord[],
    before: MilestoneRecord,
    milestone: MilestoneRecord,
    now: Date,
  ): Promise<void> {
    const saved = await this.milestones.update(tx, milestone, now);
    await this.outbox.append(
      tx,
      MilestoneRescheduled,
      {
        ...milestoneFacts(context, saved, officers),
        previousDueDate: before.dueDate,
        previousDueAt: before.dueAt ? before.dueAt.toISOString() : null,
        changedBy: eventActor(DEMO_ACTOR),
      },
      { aggregateId: saved.id, occurredAt: now },
    );
  }

  /**
   * The county's report for the scenario's month, filed by its county officer and reviewed by its city
   * through the reports service (validation, events, audit). 1 if one was filed.
   */
  private async fileReport(county: PlacedCounty, index: number, today: LocalDate): Promise<number> {
    const { context, scenario } = county;
    if (scenario.report === 'missing') return 0;
    const month = scenarioReportMonth(today);
    const running = scenario.doneCount >= 5;
    const required = operatingFiguresRequired(month, context.programme);
    const figures = running
      ? {
          gigJobsOffered: 20 + (index % 7) * 5,
          gigWorkerVisits: 60 + (index % 11) * 9,
          placements: 8 + (index % 5) * 3,
        }
      : required
        ? { gigJobsOffered: 0, gigWorkerVisits: 0, placements: 0 }
        : {};
    const report = await this.reports.submit({
      actor: countyOfficer(context),
      projectId: context.project.id,
      month,
      constructionType: 'new',
      progress: scenario.doneCount >= 5 ? 'built' : scenario.doneCount >= 3 ? 'under_construction' : 'site_selected',
      workContent: `${DEMO_DATA_MARK}：本月推进${context.project.name}建设，按节点计划落实各项任务。`,
      difficulties: '',
      suggestions: '',
      ...figures,
    });
    const city = cityOfficer(context);
    if (scenario.report === 'returned') {
      await this.reports.return({
        actor: city,
        reportId: report.id,
        comment: `${DEMO_DATA_MARK}：请补充本月工作内容的具体进展后重新报送。`,
      });
    } else if (scenario.report === 'accepted') {
      await this.reports.accept({ actor: city, reportId: report.id, comment: undefined });
    }
    return 1;
  }

  /**
   * 临县's milestone due minutes from now with an exact reminder plan, added as a county adds an extra
   * milestone: reminded to 刘星 and 张振玉 (who have accounts) before it, then overdue, then escalated.
   */
  private async addWatchedMilestone(projectId: string, officers: readonly OfficerRecord[]): Promise<string | null> {
    const withAccounts = officers.filter((officer) => officer.username !== null);
    const responsible = (withAccounts.length > 0 ? withAccounts : officers).map((officer) => officer.id);
    if (responsible.length === 0) return null;
    const created = await this.milestonesService.create(DEMO_ACTOR, projectId, {
      title: WATCHED_MILESTONE.title,
      dueAt: watchedDueAt(this.clock.now()).toISOString(),
      responsibleOfficerIds: responsible,
      reminderPlan: [...WATCHED_MILESTONE.reminderPlan],
    });
    return created.id;
  }

  /**
   * 临县's milestone due minutes from now, unless one is still ahead (a restart within its quarter hour): its id,
   * or null when none was armed. A later start moves the watched milestone that went by without being done to
   * the new instant (as a county would postpone its meeting), rather than add another of the same name: every
   * restart left one more overdue 调度会 in 临县, listed again and again, and the county red on every dashboard.
   */
  private async armWatchedMilestone(programmeId: string): Promise<string | null> {
    const none = this.transactions.none;
    const [linxian] = await this.projects.findInRegions(none, [LINXIAN_CODE], programmeId);
    if (!linxian) return null;
    const now = this.clock.now();
    const open = (await this.milestones.findByProject(none, linxian.id)).filter(
      (milestone) => milestone.key === null && milestone.status !== 'done',
    );
    if (open.some((milestone) => (milestone.dueAt?.getTime() ?? 0) > now.getTime())) return null;
    const missed = open.filter((milestone) => milestone.title === WATCHED_MILESTONE.title).at(-1);
    if (!missed) return this.addWatchedMilestone(linxian.id, await this.officers.findByProject(none, linxian.id));
    await this.milestonesService.update(DEMO_ACTOR, missed.id, {
      dueAt: watchedDueAt(now).toISOString(),
      reason: `${DEMO_DATA_MARK}：演示重新开始，调度会顺延`,
    });
    return missed.id;
  }
}

/**
 * When the watched milestone armed at `now` falls due: its minutes on, at a whole minute, as an officer sets a
 * meeting (00:16, not 00:15:46, on the county's pages and in its reminders).
 */
function watchedDueAt(now: Date): Date {
  const minute = 60_000;
  return new Date(Math.ceil((now.getTime() + WATCHED_MILESTONE.dueInMinutes * minute) / minute) * minute);
}

/** The county's officer as the demo files its report (临县's is 刘星's demo account). */
function countyOfficer(context: ProjectContext): Actor {
  const { code, name } = context.county;
  return code === LINXIAN_CODE
    ? { userId: 'demo', username: 'linxian', displayName: '刘星', role: 'county_officer', regionCodes: [code] }
    : {
        userId: 'demo',
        username: `demo-${code}`,
        displayName: `${name}县级专班（${DEMO_DATA_MARK}）`,
        role: 'county_officer',
        regionCodes: [code],
      };
}

/** The county's city officer as the demo reviews its report (吕梁市's is the lvliang demo account). */
function cityOfficer(context: ProjectContext): Actor {
  const city = context.county.parentCode ?? DEMO_PROVINCE.code;
  const lvliang = city === '141100';
  return {
    userId: 'demo',
    username: lvliang ? 'lvliang' : `demo-${city}`,
    displayName: lvliang ? '吕梁市人社局' : `市级审核（${DEMO_DATA_MARK}）`,
    role: 'city_officer',
    regionCodes: [city],
  };
}
