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
import { DashboardRollupRepository, type CountyContribution } from './dashboard-rollup.repository';
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

/** The version key of the region tree and the programmes (projects.dashboard_version). */
const REGIONS = 'regions';

/**
 * Regions (with the programme asked for) whose places are kept, the least recently read dropped first: a city's
 * place holds ~800 rollup rows (~150 KB), the nation's ~1,600.
 */
export const KEPT_PLACES = 100;

const NO_FACTS: ProgrammeFacts = { projects: [], milestones: [], latestReports: [], figures: [] };

/** A region's dashboard read model under its programme, as read at `version`. */
interface ReadModel {
  readonly version: string;
  /** Each region's rollup rows (the region's own and its children's). */
  readonly byRegion: ReadonlyMap<string, readonly Bucket[]>;
  /** The county children's own rows. */
  readonly countyOf: ReadonlyMap<string, CountyContribution>;
}

/**
 * Where a dashboard stands in the region tree, as read at the version of the tree and the programmes
 * (`version`; undefined when it has none, then never kept): the region, its ancestors, the programme, and for
 * a region above a county with a programme its children and their county counts; then its read model.
 */
interface Place {
  readonly version: string | undefined;
  readonly region: RegionRef | null;
  readonly ancestors: RegionRef[];
  readonly programme: DashboardProgramme | null;
  readonly children: RegionRef[];
  readonly countyCounts: ReadonlyMap<string, number>;
  readModel?: ReadModel;
}

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

  /**
   * Places by region and programme asked for, each used while the versions read at the start of a request are
   * those it was read at (issue 17, G5: a request then costs one query of one or two rows; the nation's tree
   * walk alone took ~20 ms). A version is read before what it covers, and a change always writes a new one in
   * its own transaction, so a kept place is never older than the versions a request reads.
   */
  private readonly places = new Map<string, Place>();

  /**
   * The dashboard from the read model (DashboardRollups): a few rows per region whatever the number of
   * counties under it. A county's own dashboard (its project and milestones) is read straight from the facts.
   */
  async get(request: GetDashboardRequest): Promise<Dashboard> {
    const tx = this.transactions.none;
    const placeKey = `${request.region}\u0000${request.programmeId ?? ''}`;
    const kept = this.places.get(placeKey);
    const versions = await this.repository.findVersions(tx, kept?.programme ? [REGIONS, kept.programme.id] : [REGIONS]);
    const treeVersion = versions.get(REGIONS);
    const place =
      kept && treeVersion !== undefined && kept.version === treeVersion
        ? kept
        : await this.readPlace(tx, request, treeVersion);
    if (treeVersion !== undefined) this.keep(placeKey, place); // (again) as the most recently read, dropped last
    const { region, ancestors, programme } = await this.check(request, place);
    const now = this.clock.now();
    if (region.level === 'county' || !programme) return this.scan(region, ancestors, programme, now);
    const readModel = await this.readModelOf(tx, place, programme, versions.get(programme.id));
    const { byRegion, countyOf } = readModel;
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
    const { children, countyCounts } = place;
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
    const { region, ancestors, programme } = await this.check(
      request,
      await this.readPlace(this.transactions.none, request, undefined),
    );
    return this.scan(region, ancestors, programme, this.clock.now());
  }

  private keep(key: string, place: Place): void {
    this.places.delete(key);
    this.places.set(key, place);
    if (this.places.size > KEPT_PLACES) this.places.delete(this.places.keys().next().value as string);
  }

  /**
   * The region, its ancestors and the programme asked for or the newest covering it, whoever asks; for a
   * region above a county with a programme, also its children and their county counts.
   */
  private async readPlace(
    tx: Tx,
    { region: code, programmeId }: GetDashboardRequest,
    version: string | undefined,
  ): Promise<Place> {
    // Asked together (one round trip, not three): the programme is used only once the region is in scope.
    const [region, ancestors, programme] = await Promise.all([
      this.repository.findRegion(tx, code),
      this.repository.findAncestors(tx, code),
      programmeId
        ? this.repository.findProgramme(tx, programmeId, code)
        : this.repository.findNewestProgramme(tx, code),
    ]);
    const above = region !== null && region.level !== 'county' && programme !== null;
    const [children, countyCounts] = above
      ? await Promise.all([this.repository.findChildren(tx, code), this.repository.countCounties(tx, code)])
      : [[], new Map<string, number>()];
    return { version, region, ancestors, programme, children, countyCounts };
  }

  /** The place's region if it is in the caller's scope (else not found, audited), and the programme asked for. */
  private async check({ actor, region: code, programmeId }: GetDashboardRequest, place: Place) {
    const region = await this.access.requireInScope(
      { actor, action: 'dashboard.get', targetType: 'region', targetId: code },
      place.region,
      () => [code, ...place.ancestors.map((ancestor) => ancestor.code)],
      REGION_NOT_FOUND,
    );
    if (programmeId && !place.programme) throw new NotFoundError('该地区没有此民生实事项目');
    return { region, ancestors: place.ancestors, programme: place.programme };
  }

  /**
   * The place's read model as kept when `version` (read at the start of the request, if it was asked for) is
   * the one it was read at; else its version then the rows, kept with it.
   */
  private async readModelOf(
    tx: Tx,
    place: Place,
    programme: DashboardProgramme,
    version: string | undefined,
  ): Promise<ReadModel> {
    if (place.readModel && place.readModel.version === version) return place.readModel;
    const current = version ?? (await this.repository.findVersions(tx, [programme.id])).get(programme.id);
    if (place.readModel && place.readModel.version === current) return place.readModel;
    const codes = [place.region?.code as string, ...place.children.map((child) => child.code)];
    const counties = place.children.filter((child) => child.level === 'county').map((child) => child.code);
    const [rollups, countyRows] = await Promise.all([
      this.rollups.findRollups(tx, programme.id, codes),
      counties.length > 0 ? this.rollups.findCounties(tx, programme.id, counties) : Promise.resolve([]),
    ]);
    const byRegion = new Map<string, Bucket[]>(codes.map((code) => [code, []]));
    for (const row of rollups) byRegion.get(row.regionCode)?.push(row);
    const readModel = { version: current ?? '', byRegion, countyOf: new Map(countyRows.map((c) => [c.regionCode, c])) };
    if (current !== undefined) place.readModel = readModel;
    return readModel;
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
