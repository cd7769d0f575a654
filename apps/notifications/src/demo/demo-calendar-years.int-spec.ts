import { CHINESE_DAYS_SOURCE, holidayTableFromChineseDays, yearOf } from '@duban/calendar';
import { CalendarYearLoaded, ListCalendarYearsRpc } from '@duban/contracts';
import { demoActors } from '@duban/testing';
import { startNotificationsSandbox, type InProcessSandbox } from '../__fixtures__/notifications-sandbox';
import { DemoCalendarYears } from './demo-calendar-years.service';

/**
 * The live demo's calendar years: a year the database lacks is loaded from the chinese-days package through
 * the administrator's load (row counts as the package has them, audit row, event); a year neither has stays
 * assumed (Monday–Friday) and nothing is written; a year held is left alone.
 */
describe('live demo calendar years', () => {
  let sandbox: InProcessSandbox;

  beforeAll(async () => {
    sandbox = await startNotificationsSandbox('democal', { DUBAN_DEMO: 'true', DUBAN_DEMO_LIVE: 'true' });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('loads a missing year from chinese-days, leaves a held one, and assumes one nobody has', async () => {
    const demo = sandbox.app.get(DemoCalendarYears);
    const outcomes = await demo.ensure([2022, 2023, 2099]);
    expect(Object.fromEntries(outcomes)).toEqual({ 2022: 'loaded', 2023: 'held', 2099: 'assumed' });

    const packaged = holidayTableFromChineseDays().days.filter((day) => yearOf(day.date) === 2022);
    const years = (await sandbox.rpc.call(ListCalendarYearsRpc, { actor: demoActors.province })).items;
    expect(years.find((item) => item.year === 2022)).toMatchObject({
      source: CHINESE_DAYS_SOURCE,
      daysOff: packaged.filter((day) => day.isOffDay).length,
      workdays: packaged.filter((day) => !day.isOffDay).length,
      loadedBy: 'demo',
    });
    expect(years.some((item) => item.year === 2099)).toBe(false);
    const loaded = await sandbox.outboxEnvelopes<{ year: number }>(CalendarYearLoaded.type);
    expect(loaded.map((envelope) => envelope.data.year)).toEqual([2022]);
    expect(await sandbox.auditRows({ action: 'calendar.load' })).toHaveLength(1);

    // Asked again: the year is held now, nothing more written.
    expect(Object.fromEntries(await demo.ensure([2022]))).toEqual({ 2022: 'held' });
    expect(await sandbox.auditRows({ action: 'calendar.load' })).toHaveLength(1);
  });
});
