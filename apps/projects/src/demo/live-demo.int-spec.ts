import {
  DEMO_DATA_MARK,
  GetDashboardRpc,
  liveDemoProgrammeCode,
  MilestoneRescheduled,
  MilestoneScheduled,
  parseIsoOffset,
  type DashboardRow,
  type MilestoneRescheduledData,
  type MilestoneScheduledData,
} from '@duban/contracts';
import { demoActors, waitFor } from '@duban/testing';
import { isDeepStrictEqual } from 'node:util';
import { startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';
import { DashboardService } from '../dashboard/dashboard.service';
import { LiveDemoService, type LiveDemoResult } from './live-demo.service';

const LVLIANG = '141100';
const MINUTE_MS = 60_000;

/**
 * The live demo seeded at two fixed dates (a summer day, and the first working days of a year, whose
 * overdue milestones fall in the year before): 吕梁's dashboard, read over RPC as the gateway does, has
 * counties in all four colours; every county has a leading group; reports are filed, returned and missing;
 * and 临县's watched milestone is reminded minutes after the seed.
 */
describe.each([
  ['2027-06-15T10:00:00+08:00', '2027-05'],
  ['2028-01-04T09:30:00+08:00', '2028-01'],
])('live demo seeded at %s', (seedInstant, reportMonth) => {
  let sandbox: ProjectsSandbox;
  let seeded: LiveDemoResult;
  const year = Number(seedInstant.slice(0, 4));

  beforeAll(async () => {
    sandbox = await startProjectsSandbox(`live${year}`, { demo: true });
    sandbox.clock.setNow(seedInstant);
    seeded = (await sandbox.app.get(LiveDemoService).seed()) as LiveDemoResult;
    // Two programme years of 117 projects each (2023 at start, then the live one) on a machine others share.
  }, 300_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  it('copies the 2023 programme to the clock’s year, with all 117 counties, and keeps 2023 as it was', async () => {
    expect(seeded).toMatchObject({ year, projects: 117, generatedGroups: 116 });
    const programmes = await sandbox.db.query<{ code: string; year: number; projects: number }>(
      `SELECT p.code, p.year, (SELECT count(*)::int FROM projects.county_project c WHERE c.programme_id = p.id) AS projects
         FROM projects.programme p ORDER BY p.year`,
    );
    expect(programmes).toEqual([
      { code: 'shanxi-2023-gig-markets', year: 2023, projects: 117 },
      { code: liveDemoProgrammeCode(year), year, projects: 117 },
    ]);
    // The 2023 history gains nothing: still only 临县 has a group, and no milestone of it is done.
    const [history] = await sandbox.db.query<{ officers: number; done: number }>(
      `SELECT (SELECT count(*)::int FROM projects.officer o JOIN projects.county_project c ON c.id = o.project_id
                 JOIN projects.programme p ON p.id = c.programme_id WHERE p.year = 2023) AS officers,
              (SELECT count(*)::int FROM projects.milestone m JOIN projects.county_project c ON c.id = m.project_id
                 JOIN projects.programme p ON p.id = c.programme_id WHERE p.year = 2023 AND m.status = 'done') AS done`,
    );
    expect(history).toEqual({ officers: 6, done: 0 });
  });

  it('shows 吕梁’s 13 counties in all four colours, with reports filed, returned, accepted and missing', async () => {
    // The dashboard reads the rollups its own consumer keeps from the seed's events: wait until they say what a
    // scan of the seeded rows says, then check what they say.
    const request = { actor: demoActors.lvliang, region: LVLIANG };
    const scan = JSON.stringify(await sandbox.app.get(DashboardService).getByScan(request));
    const dashboard = await waitFor(
      '吕梁’s rollups of the seed',
      () => sandbox.rpc.call(GetDashboardRpc, request),
      (answer) => isDeepStrictEqual(JSON.parse(JSON.stringify(answer)), JSON.parse(scan)),
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(dashboard.programme).toMatchObject({ id: seeded.programmeId, year });
    const lights = countBy(dashboard.children.map((row: DashboardRow) => row.light ?? 'none'));
    expect(lights).toEqual({ done: 2, green: 4, yellow: 5, red: 2 });
    expect(dashboard.total.reports).toEqual({ submitted: 4, returned: 4, accepted: 4, none: 1 });
    expect(dashboard.children.filter((row: DashboardRow) => row.latestReport?.month === reportMonth)).toHaveLength(12);
    // Operating figures are in for the counties whose market is built.
    expect(dashboard.total.latestFigures).not.toBeNull();
    const linxian = dashboard.children.find((row: DashboardRow) => row.region.code === '141124') as DashboardRow;
    expect(linxian).toMatchObject({ light: 'yellow', reports: { returned: 1 } });
  });

  it('gives every one of the 117 counties a leading group with one 组长, generated ones marked as demo data', async () => {
    const groups = await sandbox.db.query<{ region_code: string; members: number; leaders: number; marked: number }>(
      `SELECT c.region_code, count(o.id)::int AS members,
              count(o.id) FILTER (WHERE o.role = 'leader')::int AS leaders,
              count(o.id) FILTER (WHERE o.title LIKE '%' || $2 || '%')::int AS marked
         FROM projects.county_project c LEFT JOIN projects.officer o ON o.project_id = c.id
        WHERE c.programme_id = $1 GROUP BY c.region_code`,
      [seeded.programmeId, DEMO_DATA_MARK],
    );
    expect(groups).toHaveLength(117);
    expect(groups.filter((group) => group.members > 0 && group.leaders === 1)).toHaveLength(117);
    // 临县's group is the documents' (six members, none marked); the 116 others are generated, all marked.
    expect(groups.find((group) => group.region_code === '141124')).toMatchObject({ members: 6, marked: 0 });
    expect(groups.filter((group) => group.members === 4 && group.marked === 4)).toHaveLength(116);
    // Every open template milestone names someone to remind.
    const [{ unassigned }] = await sandbox.db.query<{ unassigned: number }>(
      `SELECT count(*)::int AS unassigned FROM projects.milestone m JOIN projects.county_project c ON c.id = m.project_id
        WHERE c.programme_id = $1 AND cardinality(m.responsible_officer_ids) = 0`,
      [seeded.programmeId],
    );
    expect(unassigned).toBe(0);
  });

  it('announces 临县’s watched milestone with reminders due minutes after the seed', async () => {
    const [scheduled] = (await sandbox.outboxEnvelopes<MilestoneScheduledData>(MilestoneScheduled.type)).filter(
      (envelope) => envelope.data.milestoneId === seeded.watchedMilestoneId,
    );
    expect(scheduled?.data).toMatchObject({ regionCode: '141124', history: false, dueDate: null });
    const seedAt = new Date(seedInstant).getTime();
    const dueAt = new Date(scheduled?.data.dueAt as string).getTime();
    const minutesAfterSeed = (scheduled?.data.reminderPlan ?? []).map((offset) => {
      const parsed = parseIsoOffset(offset);
      return (dueAt + (parsed.ok ? parsed.milliseconds : Number.NaN) - seedAt) / MINUTE_MS;
    });
    expect(minutesAfterSeed).toEqual([3, 7, 11, 15, 18]);
    expect(scheduled?.data.responsibleOfficers.map((officer) => officer.username).sort()).toEqual([
      'linxian',
      'zhangzhenyu',
    ]);
  });

  it('seeds a year once; a later start moves the watched milestone once it is past, and adds none', async () => {
    const demo = sandbox.app.get(LiveDemoService);
    const watched = () =>
      sandbox.db.query<{ id: string; due_at: Date }>(
        `SELECT m.id, m.due_at FROM projects.milestone m JOIN projects.county_project c ON c.id = m.project_id
          WHERE c.programme_id = $1 AND c.region_code = '141124' AND m.key IS NULL ORDER BY m.due_at`,
        [seeded.programmeId],
      );
    expect(await demo.seed()).toBeNull();
    expect(await watched()).toEqual([
      { id: seeded.watchedMilestoneId, due_at: new Date(new Date(seedInstant).getTime() + 15 * MINUTE_MS) },
    ]);
    // Restarted 20 minutes and 25 seconds later, the meeting gone by undone: the same milestone, due 15 minutes
    // from then, at the next whole minute.
    const later = new Date(new Date(seedInstant).getTime() + 20 * MINUTE_MS + 25_000);
    sandbox.clock.setNow(later);
    expect(await demo.seed()).toBeNull();
    const movedTo = new Date(new Date(seedInstant).getTime() + 36 * MINUTE_MS);
    expect(await watched()).toEqual([{ id: seeded.watchedMilestoneId, due_at: movedTo }]);
    const [rescheduled] = (await sandbox.outboxEnvelopes<MilestoneRescheduledData>(MilestoneRescheduled.type)).filter(
      (envelope) => envelope.data.milestoneId === seeded.watchedMilestoneId,
    );
    expect(rescheduled?.data).toMatchObject({
      dueAt: movedTo.toISOString(),
      previousDueAt: new Date(new Date(seedInstant).getTime() + 15 * MINUTE_MS).toISOString(),
    });
    const [{ programmes }] = await sandbox.db.query<{ programmes: number }>(
      `SELECT count(*)::int AS programmes FROM projects.programme`,
    );
    expect(programmes).toBe(2);
  });
});

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
