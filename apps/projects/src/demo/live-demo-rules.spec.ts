import { mondayToFriday, parseLocalDate, statusLight, WorkingDayCalendar, type LocalDate } from '@duban/calendar';
import { DEMO_DATA_MARK } from '@duban/contracts';
import {
  answersFor,
  countyScenario,
  generatedLeadingGroup,
  placeMilestones,
  scenarioReportMonth,
  type ScenarioLight,
} from './live-demo-rules';

const calendar = new WorkingDayCalendar({ years: [], days: [] }, { fallback: mondayToFriday });

/** The light of a placed county's milestones, as the dashboard computes it, at noon of `today` (UTC+8). */
function lightsAt(light: ScenarioLight, doneCount: number, today: LocalDate) {
  const now = new Date(`${today}T12:00:00+08:00`);
  return placeMilestones({ light, doneCount, report: 'missing' }, 8, today, calendar).map((placed) =>
    statusLight({
      status: placed.completedAt ? 'done' : 'pending',
      due: { date: placed.dueDate },
      now,
      calendar,
    }),
  );
}

describe('live demo rules', () => {
  it.each(['2027-06-15', '2027-12-31', '2028-01-01'] as LocalDate[])(
    'places milestones so each scenario shows its light on %s',
    (today) => {
      expect(lightsAt('done', 8, today)).toEqual(Array(8).fill('done'));
      expect(lightsAt('red', 3, today).slice(0, 4)).toEqual(['done', 'done', 'done', 'red']);
      expect(lightsAt('yellow', 2, today)).toEqual([
        'done',
        'done',
        'yellow',
        'green',
        'green',
        'green',
        'green',
        'green',
      ]);
      expect(lightsAt('green', 0, today)).toEqual(Array(8).fill('green'));
    },
  );

  it('completes done milestones before the seed, in template order', () => {
    const placed = placeMilestones(
      { light: 'green', doneCount: 3, report: 'missing' },
      8,
      parseLocalDate('2027-06-15'),
      calendar,
    );
    const completed = placed.flatMap((milestone) => (milestone.completedAt ? [milestone.completedAt.getTime()] : []));
    expect(completed).toHaveLength(3);
    expect([...completed].sort((a, b) => a - b)).toEqual(completed);
    expect(Math.max(...completed)).toBeLessThan(new Date('2027-06-15T00:00:00+08:00').getTime());
  });

  it('gives every 13 neighbouring counties all four lights, and done counties every milestone', () => {
    for (let start = 0; start + 13 <= 117; start++) {
      const lights = new Set(
        Array.from({ length: 13 }, (_, offset) => countyScenario('140000', start + offset, 8).light),
      );
      expect(lights.size).toBe(4);
    }
    for (let index = 0; index < 117; index++) {
      const scenario = countyScenario('140000', index, 8);
      expect(scenario.doneCount).toBe(scenario.light === 'done' ? 8 : Math.min(scenario.doneCount, 6));
    }
  });

  it('generates the same four-member group for the same county, marked as demo data', () => {
    const group = generatedLeadingGroup('141126', '石楼县');
    expect(generatedLeadingGroup('141126', '石楼县')).toEqual(group);
    expect(group.map((member) => member.role)).toEqual(['leader', 'deputy', 'deputy', 'member']);
    expect(group.every((member) => member.title.endsWith(`（${DEMO_DATA_MARK}）`))).toBe(true);
    expect(group.every((member) => /^[\u4e00-\u9fff]{3}$/.test(member.name))).toBe(true);
    expect(group[0]?.unit).toBe('石楼县人力资源和社会保障局');
    // Every milestone of the template, and any a later template adds, has someone to answer for it.
    for (const key of ['plan', 'site', 'push', 'build', 'built', 'trial', 'accept', 'finish', 'another']) {
      expect(group.some((member) => answersFor(member, key))).toBe(true);
    }
    expect(group.filter((member) => answersFor(member, 'push')).map((member) => member.title)).toEqual([
      `县人力资源和社会保障局副局长（${DEMO_DATA_MARK}）`,
      `县创业就业服务中心主任（${DEMO_DATA_MARK}）`,
    ]);
    expect(generatedLeadingGroup('141127', '岚县').map((member) => member.name)).not.toEqual(
      group.map((member) => member.name),
    );
  });

  it('files last month’s report, or January’s in January', () => {
    expect(scenarioReportMonth(parseLocalDate('2027-06-15'))).toBe('2027-05');
    expect(scenarioReportMonth(parseLocalDate('2028-01-04'))).toBe('2028-01');
  });
});
