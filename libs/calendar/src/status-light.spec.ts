import fc from 'fast-check';
import { addDays, daysBetween, parseLocalDate } from './local-date';
import { defaultCalendar } from './sources/default-calendar';
import { rollupLight, statusLight, type Due, type Light, type MilestoneStatus } from './status-light';
import { endOfLocalDay } from './time-zone';
import { UncoveredYearError } from './working-day-calendar';

const calendar = defaultCalendar();

/** The light at a Beijing wall time given as 'YYYY-MM-DDTHH:mm:ss.sss'. */
function lightAt(
  beijing: string,
  due: Due,
  status: MilestoneStatus = 'in_progress',
  yellowWithinWorkingDays?: number,
): Light {
  return statusLight({ status, due, now: new Date(`${beijing}+08:00`), calendar, yellowWithinWorkingDays });
}

describe('statusLight for a due date', () => {
  const due = { date: '2023-10-31' }; // a Tuesday

  it('turns red at the end of the due day, local time, and not a millisecond before', () => {
    expect(lightAt('2023-10-31T23:59:59.999', due)).toBe('yellow');
    expect(lightAt('2023-11-01T00:00:00.000', due)).toBe('red');
    expect(lightAt('2024-06-01T00:00:00.000', due)).toBe('red');
  });

  it('turns yellow when the due day is exactly 3 working days ahead, at local midnight', () => {
    // Wednesday 10-25: the next 3 working days are 10-26, 10-27, 10-30: before the due day.
    expect(lightAt('2023-10-25T23:59:59.999', due)).toBe('green');
    // Thursday 10-26: 10-27, 10-30, 10-31 reaches it. (10-26T00:00 Beijing is still 10-25 in UTC.)
    expect(lightAt('2023-10-26T00:00:00.000', due)).toBe('yellow');
    // Over the weekend, still 2 working days before it.
    expect(lightAt('2023-10-28T12:00:00.000', due)).toBe('yellow');
  });

  it('counts working days, not calendar days: the 国庆 break keeps it green', () => {
    // Due Monday 10-09. On Thursday 09-28 (11 calendar days before), the next 3 working days are
    // 10-07, 10-08 (worked weekend days) and 10-09.
    expect(lightAt('2023-09-27T12:00:00.000', { date: '2023-10-09' })).toBe('green');
    expect(lightAt('2023-09-28T12:00:00.000', { date: '2023-10-09' })).toBe('yellow');
  });

  it('a due date on a holiday is yellow once the N-th working day from today reaches or passes it', () => {
    // Sunday 2023-10-01 (国庆) against Thursday 09-28, the last working day before it.
    expect(lightAt('2023-09-25T12:00:00.000', { date: '2023-10-01' })).toBe('green');
    expect(lightAt('2023-09-25T12:00:00.000', { date: '2023-09-28' })).toBe('yellow');
    expect(lightAt('2023-09-26T00:00:00.000', { date: '2023-10-01' })).toBe('yellow');
    expect(lightAt('2023-09-30T12:00:00.000', { date: '2023-10-01' })).toBe('yellow');
    expect(lightAt('2023-10-02T00:00:00.000', { date: '2023-10-01' })).toBe('red');
    // The milestone template's Sunday 2023-04-30 (劳动节 weekend): 04-26 → 04-27, 04-28, 05-04.
    expect(lightAt('2023-04-25T12:00:00.000', { date: '2023-04-30' })).toBe('green');
    expect(lightAt('2023-04-26T12:00:00.000', { date: '2023-04-30' })).toBe('yellow');
  });

  it('takes another yellow window; with 0, yellow only on the due day', () => {
    expect(lightAt('2023-10-24T12:00:00.000', due, 'pending', 5)).toBe('yellow');
    expect(lightAt('2023-10-23T12:00:00.000', due, 'pending', 5)).toBe('green');
    expect(lightAt('2023-10-30T12:00:00.000', due, 'pending', 0)).toBe('green');
    expect(lightAt('2023-10-31T00:00:00.000', due, 'pending', 0)).toBe('yellow');
    expect(() => lightAt('2023-10-31T00:00:00.000', due, 'pending', -1)).toThrow(RangeError);
    expect(() => lightAt('2023-10-31T00:00:00.000', due, 'pending', 1.5)).toThrow(RangeError);
  });

  it('done wins over everything', () => {
    expect(lightAt('2024-06-01T00:00:00.000', due, 'done')).toBe('done');
    expect(lightAt('2023-10-31T12:00:00.000', due, 'done')).toBe('done');
    expect(lightAt('2023-01-01T12:00:00.000', due, 'done')).toBe('done');
  });

  it('refuses a malformed due date', () => {
    expect(() => lightAt('2023-10-01T00:00:00.000', { date: '2023-10-31T00:00:00Z' })).toThrow(RangeError);
  });

  it('does not guess across into an uncovered year', () => {
    expect(() => lightAt('2026-12-30T12:00:00.000', { date: '2027-03-31' })).toThrow(UncoveredYearError);
  });
});

describe('statusLight for an exact instant', () => {
  const due = { at: new Date('2023-10-07T10:00:00+08:00') }; // the first worked day after 国庆

  it('turns red at the instant', () => {
    expect(statusLight({ status: 'pending', due, now: new Date(due.at.getTime() - 1), calendar })).toBe('yellow');
    expect(statusLight({ status: 'pending', due, now: due.at, calendar })).toBe('red');
    expect(statusLight({ status: 'done', due, now: due.at, calendar })).toBe('done');
  });

  it('is yellow by the same working-day rule on local dates', () => {
    expect(lightAt('2023-09-25T12:00:00.000', due)).toBe('green');
    expect(lightAt('2023-09-26T00:00:00.000', due)).toBe('yellow');
  });

  it('an instant at the end of a day lights exactly like that due date', () => {
    const first = parseLocalDate('2023-03-01');
    const span = daysBetween(first, parseLocalDate('2024-12-15'));
    const anyDay = fc.integer({ min: 0, max: span }).map((offset) => addDays(first, offset));
    fc.assert(
      fc.property(anyDay, fc.integer({ min: -20 * 86_400_000, max: 3 * 86_400_000 }), (day, beforeDeadline) => {
        const deadline = endOfLocalDay(day);
        const now = new Date(deadline.getTime() + beforeDeadline);
        expect(statusLight({ status: 'pending', due: { at: deadline }, now, calendar })).toBe(
          statusLight({ status: 'pending', due: { date: day }, now, calendar }),
        );
      }),
    );
  });
});

describe('rollupLight', () => {
  it('is the worst light: red, then yellow, then green (anything open), then done', () => {
    expect(rollupLight(['green', 'red', 'yellow', 'done'])).toBe('red');
    expect(rollupLight(['green', 'yellow', 'done'])).toBe('yellow');
    expect(rollupLight(['done', 'green', 'done'])).toBe('green');
    expect(rollupLight(['done', 'done'])).toBe('done');
  });

  it('is done for no lights at all, so rolling up in stages changes nothing', () => {
    expect(rollupLight([])).toBe('done');
    const lights = fc.array(fc.constantFrom<Light>('green', 'yellow', 'red', 'done'));
    fc.assert(
      fc.property(lights, lights, (a, b) => {
        expect(rollupLight([rollupLight(a), rollupLight(b)])).toBe(rollupLight([...a, ...b]));
      }),
    );
  });
});
