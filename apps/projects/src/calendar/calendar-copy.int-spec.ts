import { CalendarYearLoaded, type CalendarYearLoadedData, type Envelope } from '@duban/contracts';
import { waitFor } from '@duban/testing';
import { headers as natsHeaders } from 'nats';
import { v7 as uuidv7 } from 'uuid';
import { startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';
import { MilestoneLights } from '../milestones/milestone-lights.service';
import { WorkingDays } from './working-days.service';

/**
 * The lights count on the same holiday tables as the reminders: the copy starts from the same seed and
 * follows the notifications service's `CalendarYearLoaded` events (issue 13, item 4).
 */
describe('the working-day calendar copy (real Postgres and JetStream)', () => {
  let sandbox: ProjectsSandbox;

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('calcopy', { demo: false });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  /** Published with a fresh Nats-Msg-Id each time, so only the inbox can stop a replay. */
  async function publish(envelope: Envelope<CalendarYearLoadedData>): Promise<void> {
    const headers = natsHeaders();
    headers.set('Nats-Msg-Id', uuidv7());
    await sandbox.nats
      .jetstream()
      .publish(`${sandbox.namespace}.${envelope.type}`, JSON.stringify(envelope), { headers });
  }

  function loaded(
    loadedAt: string,
    days: CalendarYearLoadedData['days'],
    source: string,
  ): Envelope<CalendarYearLoadedData> {
    return {
      id: uuidv7(),
      type: CalendarYearLoaded.type,
      version: CalendarYearLoaded.version,
      occurredAt: loadedAt,
      correlationId: 'test-calendar',
      causationId: null,
      data: { year: 2027, source, loadedAt, days },
    };
  }

  async function count(sql: string): Promise<number> {
    const [row] = await sandbox.db.query<{ n: number }>(sql);
    return row?.n ?? 0;
  }
  const applied = () => count(`SELECT count(*)::int AS n FROM projects.inbox WHERE consumer = 'projects-calendars'`);

  it('starts from the seeded 2023–2026 and follows a loaded 2027, once, never going back to an older load', async () => {
    expect(await count(`SELECT count(*)::int AS n FROM projects.calendar_year`)).toBe(4);
    const workingDays = sandbox.app.get(WorkingDays);
    expect(workingDays.current.coveredYears).toEqual([2023, 2024, 2025, 2026]);

    // Friday 2027-03-26, 09:00: a milestone due Wednesday 3/31 is 3 working days away on Monday–Friday.
    const lights = sandbox.app.get(MilestoneLights);
    const due = { status: 'pending' as const, dueDate: '2027-03-31', dueAt: null };
    const now = new Date('2027-03-26T01:00:00Z');
    expect(lights.light(due, 3, now)).toBe('yellow');

    // 2027's table arrives: 3/26 off, Saturday 3/27 worked. From 3/26 on: 3/27, 3/29, 3/30, 3/31: four.
    const event = loaded(
      '2027-03-01T00:00:00.000Z',
      [
        { date: '2027-01-01', isOffDay: true, name: '元旦' },
        { date: '2027-03-26', isOffDay: true, name: '测试假日' },
        { date: '2027-03-27', isOffDay: false, name: '测试假日' },
      ],
      '测试通知',
    );
    await publish(event);
    await waitFor(
      '2027 in the calendar',
      () => Promise.resolve(workingDays.current.covers(2027)),
      (c) => c,
      {
        timeoutMs: 15_000,
      },
    );
    expect(workingDays.current.isWorkingDay('2027-03-27' as never)).toBe(true);
    expect(lights.light(due, 3, now)).toBe('green');
    expect(await count(`SELECT count(*)::int AS n FROM projects.calendar_day WHERE year = 2027`)).toBe(3);

    // The same event again: the inbox applies it once.
    await publish(event);
    // An older load delivered late changes nothing.
    const older = loaded('2027-02-01T00:00:00.000Z', [{ date: '2027-01-01', isOffDay: true, name: '元旦' }], '旧通知');
    await publish(older);
    await waitFor('both handled', applied, (n) => n === 2, { timeoutMs: 15_000 });
    expect(await count(`SELECT count(*)::int AS n FROM projects.calendar_day WHERE year = 2027`)).toBe(3);
    const [year] = await sandbox.db.query<{ source: string }>(
      `SELECT source FROM projects.calendar_year WHERE year = 2027`,
    );
    expect(year?.source).toBe('测试通知');
    expect(lights.light(due, 3, now)).toBe('green');
  });
});
