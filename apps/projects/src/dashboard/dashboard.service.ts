import { Injectable } from '@nestjs/common';
import type { Light } from '@duban/calendar';
import {
  NotFoundError,
  type Dashboard,
  type DashboardProject,
  type GetDashboardRequest,
  type LatestFigures,
} from '@duban/contracts';
import { Access, Clock, Transactions, type Tx } from '@duban/platform';
import { MilestoneLights } from '../milestones/milestone-lights.service';
import { bucketsOf, dueOfKey, figureSums, lightsOf, type Bucket } from './dashboard-contribution-rules';
import { DashboardRollupRepository } from './dashboard-rollup.repository';
import { dashboardRow, rollupRow, type CountyFacts } from './dashboard-rollup-rules';
import { monthlySeries, seriesFromCounts, type ReportFigures } from './dashboard-series-rules';
import {
  DashboardRepository,
  type CountyPlacement,
  type DashboardProgramme,
  type LatestReportFact,
  type MilestoneFact,
  type ProjectFact,
  type RegionRef,
  type ReportFiguresFact,
} from './dashboard.repository';

interface ProgrammeFacts {
  readonly projects: readonly ProjectFact[];
  readonly milestones: readonly (MilestoneFact & { light: Light })[];
  readonly latestReports: readonly LatestReportFact[];
  readonly figures: readonly ReportFiguresFact[];
}

const REGION_NOT_FOUND = '地区不存在';

/**
 * How long a region's count of counties under each child is used before it is counted again. The count walks
 * the region tree below the region (the nation's: every region, ~20 ms, the largest part of its dashboard's
 * read: issue 17, G5); the tree is reference data that changes only when regions are loaded, after which the
 * dashboards show the new counts within this time (as the lights' holiday tables, WorkingDays).
 */
export const COUNTY_COUNTS_MS = 60_000;

const NO_FACTS: ProgrammeFacts = { projects: [], milestones: [], latestReports: [], figures: [] };

/**
 * Where each region stands: for each child region of the one asked for (cities under the province,
 * counties under a city), milestones by light, share done, overdue count, monthly report statuses and the
 * latest operating figures; for the region itself, the same and its progress month by month over the
 * programme year; for a county, its project and milestones. Lights are computed at the clock's `now` with the
 * programme's yellow rule.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: DashboardRepository,
    private readonly access: Access,
    private readonly clock: Clock,
    private readonly lights: MilestoneLights,
    private readonly rollups: DashboardRollupRepository,
  ) {}

  /** Region code → its children's county counts (a promise: concurrent requests share one count) and when asked. */
  private readonly countyCounts = new Map<string, { counts: Promise<Map<string, number>>; at: number }>();

  /** The number of counties under each child of `code`, counted at most once every COUNTY_COUNTS_MS. */
  private countCountiesRecently(tx: Tx, code: string, now: Date): Promise<Map<string, number>> {
    const kept = this.countyCounts.get(code);
    if (kept && now.getTime() - kept.at < COUNTY_COUNTS_MS) return kept.counts;
    const counts = this.repository.countCounties(tx, code);
    const entry = { counts, at: now.getTime() };
    this.countyCounts.set(code, entry);
    counts.catch(() => {
      if (this.countyCounts.get(code) === entry) this.countyCounts.delete(code);
    });
    return counts;
  }

  /**
   * The dashboard from the read model (DashboardRollups): a few rows per region whatever the number of
   * counties under it. A county's own dashboard (its project and milestones) is read straight from the facts.
   */
  async get(request: GetDashboardRequest): Promise<Dashboard> {
    const { region, ancestors, programme } = await this.locate(request);
    const now = this.clock.now();
    if (region.level === 'county' || !programme) return this.scan(region, ancestors, programme, now);
    const tx = this.transactions.none;
    const children = await this.repository.findChildren(tx, region.code);
    const codes = [region.code, ...children.map((child) => child.code)];
    const [rollups, countyCounts, countyRows] = await Promise.all([
      this.rollups.findRollups(tx, programme.id, codes),
      this.countCountiesRecently(tx, region.code, now),
      children.some((child) => child.level === 'county')
        ? this.rollups.findCounties(
            tx,
            programme.id,
            children.filter((child) => child.level === 'county').map((child) => child.code),
          )
        : Promise.resolve([]),
    ]);
    const byRegion = new Map<string, Bucket[]>(codes.map((code) => [code, []]));
    for (const row of rollups) byRegion.get(row.regionCode)?.push(row);
    const countyOf = new Map(countyRows.map((county) => [county.regionCode, county]));
    const lightOfKey = this.lightOfKey(programme.yellowWithinWorkingDays, now);
    const row = (of: RegionRef, countyCount: number) => {
      const buckets = byRegion.get(of.code) ?? [];
      const county = of.level === 'county' ? countyOf.get(of.code) : undefined;
      return dashboardRow(of, {
        countyCount,
        projectCount: bucketsOf(buckets, 'project').get('')?.n ?? 0,
        lights: lightsOf(buckets, lightOfKey),
        reported: Object.fromEntries([...bucketsOf(buckets, 'report')].map(([status, counts]) => [status, counts.n])),
        latestFigures: latestFiguresOf(buckets),
        latestReport: county?.latestReport ?? null,
        projectId: county?.projectId ?? null,
      });
    };
    const total = [...countyCounts.values()].reduce((sum, n) => sum + n, 0);
    const own = byRegion.get(region.code) ?? [];
    const monthCounts = (kind: 'due' | 'done') =>
      new Map([...bucketsOf(own, kind)].filter(([month]) => month !== '').map(([month, counts]) => [month, counts.n]));
    return {
      programme: { id: programme.id, code: programme.code, name: programme.name, year: programme.year },
      region,
      ancestors,
      asOf: now.toISOString(),
      total: row(region, total),
      children: children.map((child) => row(child, countyCounts.get(child.code) ?? 0)),
      project: null,
      series: seriesFromCounts(
        programme.year,
        {
          due: monthCounts('due'),
          done: monthCounts('done'),
          figures: new Map([...bucketsOf(own, 'figures')].map(([month, counts]) => [month, figureSums(counts)])),
        },
        now,
      ),
    };
  }

  /**
   * The dashboard computed from every milestone and report under the region: a county's own dashboard, and
   * the reference the read model is tested against.
   */
  async getByScan(request: GetDashboardRequest): Promise<Dashboard> {
    const { region, ancestors, programme } = await this.locate(request);
    return this.scan(region, ancestors, programme, this.clock.now());
  }

  /** The region (in the caller's scope), its ancestors and the programme asked for or the newest covering it. */
  private async locate({ actor, region: code, programmeId }: GetDashboardRequest): Promise<{
    region: RegionRef;
    ancestors: RegionRef[];
    programme: DashboardProgramme | null;
  }> {
    const tx = this.transactions.none;
    // Asked together (one round trip, not three): the programme is used only once the region is in scope.
    const [found, ancestors, programme] = await Promise.all([
      this.repository.findRegion(tx, code),
      this.repository.findAncestors(tx, code),
      programmeId
        ? this.repository.findProgramme(tx, programmeId, code)
        : this.repository.findNewestProgramme(tx, code),
    ]);
    const region = await this.access.requireInScope(
      { actor, action: 'dashboard.get', targetType: 'region', targetId: code },
      found,
      () => [code, ...ancestors.map((ancestor) => ancestor.code)],
      REGION_NOT_FOUND,
    );
    if (programmeId && !programme) throw new NotFoundError('该地区没有此民生实事项目');
    return { region, ancestors, programme };
  }

  /** The light of an open milestone due at a bucket's key, each key computed once per answer. */
  private lightOfKey(yellowWithinWorkingDays: number, now: Date): (key: string) => Light {
    const known = new Map<string, Light>();
    return (key) => {
      let light = known.get(key);
      if (!light) {
        light = this.lights.light({ status: 'pending', ...dueOfKey(key) }, yellowWithinWorkingDays, now);
        known.set(key, light);
      }
      return light;
    };
  }

  private async scan(
    region: RegionRef,
    ancestors: RegionRef[],
    programme: DashboardProgramme | null,
    now: Date,
  ): Promise<Dashboard> {
    const tx = this.transactions.none;
    const code = region.code;
    const placements = await this.repository.findCounties(tx, code);
    const facts = programme ? await this.readFacts(tx, programme, placements, now) : NO_FACTS;
    const counties = this.countyFacts(placements, facts);
    const children = region.level === 'county' ? [] : await this.repository.findChildren(tx, code);
    return {
      programme: programme && { id: programme.id, code: programme.code, name: programme.name, year: programme.year },
      region,
      ancestors,
      asOf: now.toISOString(),
      total: rollupRow(region, [...counties.values()]),
      children: children.map((child) => rollupRow(child, this.countiesUnder(child, placements, counties))),
      project: region.level === 'county' ? this.projectOf(region, facts) : null,
      series: programme ? monthlySeries(programme.year, facts.milestones, facts.figures, now) : [],
    };
  }

  private async readFacts(
    tx: Tx,
    programme: DashboardProgramme,
    placements: readonly CountyPlacement[],
    now: Date,
  ): Promise<ProgrammeFacts> {
    const codes = placements.map((placement) => placement.county.code);
    const [projects, milestones, latestReports, figures] = await Promise.all([
      this.repository.findProjects(tx, programme.id, codes),
      this.repository.findMilestones(tx, programme.id, codes),
      this.repository.findLatestReports(tx, programme.id, codes),
      this.repository.findReportFigures(tx, programme.id, codes),
    ]);
    return {
      projects,
      milestones: milestones.map((milestone) => ({
        ...milestone,
        light: this.lights.light(milestone, programme.yellowWithinWorkingDays, now),
      })),
      latestReports,
      figures,
    };
  }

  /** Each county's facts, keyed by county code. */
  private countyFacts(placements: readonly CountyPlacement[], facts: ProgrammeFacts): Map<string, CountyFacts> {
    const projectByCounty = new Map(facts.projects.map((project) => [project.regionCode, project]));
    const countyByProject = new Map(facts.projects.map((project) => [project.id, project.regionCode]));
    const lights = new Map<string, Light[]>();
    for (const milestone of facts.milestones) {
      const county = countyByProject.get(milestone.projectId) as string;
      lights.set(county, [...(lights.get(county) ?? []), milestone.light]);
    }
    const reports = new Map(facts.latestReports.map((report) => [countyByProject.get(report.projectId), report]));
    const figures = new Map<string, ReportFigures[]>();
    for (const { projectId, ...report } of facts.figures) {
      const county = countyByProject.get(projectId) as string;
      figures.set(county, [...(figures.get(county) ?? []), report]);
    }
    return new Map(
      placements.map(({ county }) => {
        const report = reports.get(county.code);
        return [
          county.code,
          {
            county,
            projectId: projectByCounty.get(county.code)?.id ?? null,
            lights: lights.get(county.code) ?? [],
            latestReport: report
              ? { id: report.id, month: report.month, status: report.status, late: report.late }
              : null,
            figures: figures.get(county.code) ?? [],
          },
        ];
      }),
    );
  }

  private countiesUnder(
    child: RegionRef,
    placements: readonly CountyPlacement[],
    counties: Map<string, CountyFacts>,
  ): CountyFacts[] {
    return placements
      .filter((placement) => placement.childCode === child.code)
      .map((placement) => counties.get(placement.county.code) as CountyFacts);
  }

  private projectOf(county: RegionRef, facts: ProgrammeFacts): DashboardProject | null {
    const project = facts.projects.find((candidate) => candidate.regionCode === county.code);
    if (!project) return null;
    const milestones = facts.milestones.filter((milestone) => milestone.projectId === project.id);
    const latest = facts.latestReports.find((report) => report.projectId === project.id);
    const row = rollupRow(county, [
      {
        county,
        projectId: project.id,
        lights: milestones.map((milestone) => milestone.light),
        latestReport: null,
        figures: [],
      },
    ]);
    return {
      id: project.id,
      name: project.name,
      regionCode: project.regionCode,
      light: row.light,
      milestones: milestones.map((milestone) => ({
        id: milestone.id,
        key: milestone.key,
        title: milestone.title,
        dueDate: milestone.dueDate,
        dueAt: milestone.dueAt?.toISOString() ?? null,
        status: milestone.status,
        light: milestone.light,
      })),
      latestReport: latest ? { id: latest.id, month: latest.month, status: latest.status, late: latest.late } : null,
    };
  }
}

/** The figures of the latest month any county of the region reported one; null without any. */
function latestFiguresOf(buckets: readonly Bucket[]): LatestFigures | null {
  let latest: LatestFigures | null = null;
  for (const [month, counts] of bucketsOf(buckets, 'figures')) {
    if (!latest || month > latest.month) latest = { month, ...figureSums(counts) };
  }
  return latest;
}
