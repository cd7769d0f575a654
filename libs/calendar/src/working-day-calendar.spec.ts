import fc from 'fast-check';
import { addDays, daysBetween, parseLocalDate, type LocalDate } from './local-date';
import { defaultCalendar, defaultHolidayTable } from './sources/default-calendar';
import { mondayToFriday, UncoveredYearError, WorkingDayCalendar } from './working-day-calendar';

const d = parseLocalDate;
const calendar = defaultCalendar();

function workingDaysIn(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = d(from); day <= d(to); day = addDays(day, 1)) {
    if (calendar.isWorkingDay(day)) {
      days.push(day);
    }
  }
  return days;
}

describe('WorkingDayCalendar, 2023', () => {
  it('春节: off 01-21..27, worked Saturday 01-28 and Sunday 01-29', () => {
    expect(workingDaysIn('2023-01-19', '2023-01-31')).toEqual([
      '2023-01-19',
      '2023-01-20',
      '2023-01-28',
      '2023-01-29',
      '2023-01-30',
      '2023-01-31',
    ]);
    expect(calendar.nextWorkingDay(d('2023-01-20'))).toBe('2023-01-28');
    expect(calendar.previousWorkingDay(d('2023-01-28'))).toBe('2023-01-20');
    expect(calendar.addWorkingDays(d('2023-01-20'), 3)).toBe('2023-01-30');
    expect(calendar.workingDaysBetween(d('2023-01-20'), d('2023-01-30'))).toBe(3);
  });

  it('劳动节: off 04-29..05-03, worked Sunday 04-23 and Saturday 05-06', () => {
    expect(workingDaysIn('2023-04-22', '2023-05-07')).toEqual([
      '2023-04-23',
      '2023-04-24',
      '2023-04-25',
      '2023-04-26',
      '2023-04-27',
      '2023-04-28',
      '2023-05-04',
      '2023-05-05',
      '2023-05-06',
    ]);
    expect(calendar.previousWorkingDay(d('2023-04-24'))).toBe('2023-04-23');
    expect(calendar.nextWorkingDay(d('2023-04-28'))).toBe('2023-05-04');
    expect(calendar.addWorkingDays(d('2023-04-28'), 3)).toBe('2023-05-06');
    expect(calendar.addWorkingDays(d('2023-05-08'), -1)).toBe('2023-05-06');
    expect(calendar.addWorkingDays(d('2023-05-08'), -3)).toBe('2023-05-04');
    expect(calendar.addWorkingDays(d('2023-05-08'), -4)).toBe('2023-04-28');
  });

  it('中秋/国庆: off 09-29..10-06, worked Saturday 10-07 and Sunday 10-08', () => {
    expect(workingDaysIn('2023-09-27', '2023-10-10')).toEqual([
      '2023-09-27',
      '2023-09-28',
      '2023-10-07',
      '2023-10-08',
      '2023-10-09',
      '2023-10-10',
    ]);
    expect(calendar.addWorkingDays(d('2023-09-28'), 1)).toBe('2023-10-07');
    expect(calendar.addWorkingDays(d('2023-10-10'), -7)).toBe('2023-09-25');
    expect(calendar.addWorkingDays(d('2023-10-31'), -7)).toBe('2023-10-20');
    expect(calendar.workingDaysBetween(d('2023-09-28'), d('2023-10-09'))).toBe(3);
    expect(calendar.workingDaysBetween(d('2023-10-09'), d('2023-09-28'))).toBe(-3);
    // October 2023: 22 weekdays, minus 10-02..10-06 off, plus the two worked weekend days.
    expect(calendar.workingDaysBetween(d('2023-09-30'), d('2023-10-31'))).toBe(19);
  });

  it('names the holiday behind a listed day', () => {
    expect(calendar.holidayOn(d('2023-10-07'))).toMatchObject({ isOffDay: false, name: '中秋节、国庆节' });
    expect(calendar.holidayOn(d('2023-10-10'))).toBeUndefined();
  });

  it('n = 0 returns the date itself, working day or not; days off step to the neighbouring working days', () => {
    expect(calendar.addWorkingDays(d('2023-10-01'), 0)).toBe('2023-10-01');
    expect(calendar.addWorkingDays(d('2023-10-01'), 1)).toBe('2023-10-07');
    expect(calendar.addWorkingDays(d('2023-10-01'), -1)).toBe('2023-09-28');
    expect(calendar.workingDaysBetween(d('2023-10-01'), d('2023-10-01'))).toBe(0);
    // Not antisymmetric, by definition: (Fri, Sat] holds no working day, [Fri, Sat) holds Friday.
    expect(calendar.workingDaysBetween(d('2023-03-03'), d('2023-03-04'))).toBe(0);
    expect(calendar.workingDaysBetween(d('2023-03-04'), d('2023-03-03'))).toBe(-1);
  });

  it('refuses a fractional count', () => {
    expect(() => calendar.addWorkingDays(d('2023-10-09'), 1.5)).toThrow(RangeError);
  });
});

describe('WorkingDayCalendar coverage', () => {
  it('covers the CSV years and the later chinese-days years', () => {
    expect(calendar.coveredYears).toEqual([2023, 2024, 2025, 2026]);
    expect(calendar.covers(2023)).toBe(true);
    expect(calendar.covers(2022)).toBe(false);
  });

  it('throws, naming the year, rather than guess about an uncovered year', () => {
    expect(() => calendar.isWorkingDay(d('2027-03-01'))).toThrow(UncoveredYearError);
    expect(() => calendar.isWorkingDay(d('2027-03-01'))).toThrow(
      /no holiday table for 2027 \(it covers 2023, 2024, 2025, 2026\)/,
    );
    // Even a listed day (2022-12-31, from the 2023 notice) does not make 2022 answerable.
    expect(() => calendar.isWorkingDay(d('2022-12-31'))).toThrow(/2022/);
    // Walking back from early January 2023 reaches 2022.
    const error = catchError(() => calendar.addWorkingDays(d('2023-01-03'), -1));
    expect(error).toBeInstanceOf(UncoveredYearError);
    expect(error).toMatchObject({ year: 2022, code: 'calendar_year_not_covered' });
  });

  it('answers for an uncovered year only when given a fallback, and a listed row still wins', () => {
    const table = { years: [2023], days: [{ date: d('2022-12-31'), isOffDay: true, name: '元旦', source: 'test' }] };
    const lenient = new WorkingDayCalendar(table, { fallback: mondayToFriday });
    expect(lenient.isWorkingDay(d('2022-12-30'))).toBe(true);
    expect(lenient.isWorkingDay(d('2022-12-31'))).toBe(false);
    expect(lenient.isWorkingDay(d('2021-10-01'))).toBe(true);
  });

  it('names the years of a range whose answers would be guesses', () => {
    const table = { years: [2025, 2026], days: [] };
    const lenient = new WorkingDayCalendar(table, { fallback: mondayToFriday });
    expect(lenient.uncoveredYearsBetween(d('2026-12-20'), d('2027-01-08'))).toEqual([2027]);
    expect(lenient.uncoveredYearsBetween(d('2028-01-02'), d('2024-12-31'))).toEqual([2024, 2027, 2028]);
    expect(lenient.uncoveredYearsBetween(d('2025-01-01'), d('2026-12-31'))).toEqual([]);
  });

  it('stops a walk whose fallback never answers "working"', () => {
    const never = new WorkingDayCalendar({ years: [], days: [] }, { fallback: () => false });
    expect(() => never.nextWorkingDay(d('2030-01-01'))).toThrow(/No working day within 366 days/);
  });
});

describe('WorkingDayCalendar properties', () => {
  // Far enough inside 2023–2026 that ±30 working days never leave the covered years.
  const first = d('2023-03-01');
  const anyDate = fc
    .integer({ min: 0, max: daysBetween(first, d('2026-10-31')) })
    .map((offset) => addDays(first, offset));
  const anyCount = fc.integer({ min: -30, max: 30 });

  it('workingDaysBetween undoes addWorkingDays', () => {
    fc.assert(
      fc.property(anyDate, anyCount, (date, n) => {
        expect(calendar.workingDaysBetween(date, calendar.addWorkingDays(date, n))).toBe(n);
      }),
    );
  });

  it('lands on a working day for n ≠ 0, on the right side of the start', () => {
    fc.assert(
      fc.property(
        anyDate,
        anyCount.filter((n) => n !== 0),
        (date, n) => {
          const result: LocalDate = calendar.addWorkingDays(date, n);
          expect(calendar.isWorkingDay(result)).toBe(true);
          expect(n > 0 ? result > date : result < date).toBe(true);
        },
      ),
    );
  });

  it('walking back the same number of working days returns to a working day', () => {
    fc.assert(
      fc.property(
        anyDate.filter((date) => calendar.isWorkingDay(date)),
        anyCount,
        (date, n) => {
          expect(calendar.addWorkingDays(calendar.addWorkingDays(date, n), -n)).toBe(date);
        },
      ),
    );
  });
});

/** The day-by-day count `workingDaysBetween` did before it counted by arithmetic: the reference it must equal. */
function walkedWorkingDaysBetween(on: WorkingDayCalendar, from: LocalDate, to: LocalDate): number {
  const forward = from <= to;
  const [first, last] = forward ? [addDays(from, 1), to] : [to, addDays(from, -1)];
  let count = 0;
  for (let day = first; day <= last; day = addDays(day, 1)) if (on.isWorkingDay(day)) count += 1;
  return forward ? count : -count;
}

/** The count, or the uncovered year it refused to guess about. */
function outcome(run: () => number): number | string {
  try {
    return run();
  } catch (error) {
    if (error instanceof UncoveredYearError) return `uncovered ${error.year}`;
    throw error;
  }
}

describe('WorkingDayCalendar.workingDaysBetween equals the day-by-day walk', () => {
  const dateBetween = (from: string, to: string) =>
    fc.integer({ min: 0, max: daysBetween(d(from), d(to)) }).map((offset) => addDays(d(from), offset));

  it('on the real table, over ranges of any length inside and across 2023–2026', () => {
    const anyDay = dateBetween('2023-01-01', '2026-12-31');
    fc.assert(
      fc.property(anyDay, anyDay, (from, to) => {
        expect(calendar.workingDaysBetween(from, to)).toBe(walkedWorkingDaysBetween(calendar, from, to));
      }),
      { numRuns: 500 },
    );
  });

  it('on the real table, from the edges of the covered years, throwing for the same uncovered year', () => {
    const edge = fc.constantFrom(
      ...['2022-12-30', '2022-12-31', '2023-01-01', '2023-01-02', '2026-12-30', '2026-12-31', '2027-01-01'].map(d),
    );
    const anyDay = fc.oneof(edge, dateBetween('2022-11-01', '2027-02-28'));
    fc.assert(
      fc.property(anyDay, anyDay, (from, to) => {
        expect(outcome(() => calendar.workingDaysBetween(from, to))).toEqual(
          outcome(() => walkedWorkingDaysBetween(calendar, from, to)),
        );
      }),
      { numRuns: 500 },
    );
  });

  // Random tables: weekdays off and weekend days worked (adjusted working days), rows outside the covered
  // years too, covered years with gaps, and with or without a fallback rule for the gaps.
  const anyTable = fc
    .record({
      years: fc.uniqueArray(fc.integer({ min: 2019, max: 2024 }), { maxLength: 6 }),
      offsets: fc.uniqueArray(fc.integer({ min: 0, max: daysBetween(d('2018-12-25'), d('2025-01-05')) }), {
        maxLength: 120,
      }),
      lenient: fc.boolean(),
    })
    .map(({ years, offsets, lenient }) => {
      const days = offsets.map((offset) => {
        const date = addDays(d('2018-12-25'), offset);
        // A weekday listed is a day off; a weekend day listed is worked, or (harmless) off.
        const weekend = new Date(`${date}T00:00:00Z`).getUTCDay() % 6 === 0;
        return { date, isOffDay: !weekend || offset % 3 === 0, name: '测试', source: 'test' };
      });
      return new WorkingDayCalendar({ years, days }, lenient ? { fallback: mondayToFriday } : {});
    });

  it('on random tables with holidays and adjusted working days, covered or not, with a fallback or not', () => {
    const anyDay = dateBetween('2018-12-20', '2025-01-10');
    fc.assert(
      fc.property(anyTable, anyDay, anyDay, (table, from, to) => {
        expect(outcome(() => table.workingDaysBetween(from, to))).toEqual(
          outcome(() => walkedWorkingDaysBetween(table, from, to)),
        );
      }),
      { numRuns: 400 },
    );
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('WorkingDayCalendar.addWorkingDays remembers its answers', () => {
  it('answers a question asked again as the first time, on the real table, forwards and backwards', () => {
    const remembering = new WorkingDayCalendar(defaultHolidayTable());
    // Far enough inside 2023–2026 that 15 working days either way stay covered.
    const anyDay = fc.integer({ min: 0, max: daysBetween(d('2023-03-01'), d('2026-11-15')) });
    fc.assert(
      fc.property(anyDay, fc.integer({ min: -15, max: 15 }), (offset, n) => {
        const from = addDays(d('2023-03-01'), offset);
        const first = remembering.addWorkingDays(from, n);
        // Asked again (remembered), and of a calendar that was never asked anything (walked).
        expect(remembering.addWorkingDays(from, n)).toBe(first);
        expect(new WorkingDayCalendar(defaultHolidayTable()).addWorkingDays(from, n)).toBe(first);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps refusing a walk into an uncovered year: a refusal is not remembered as an answer', () => {
    const strict = new WorkingDayCalendar(defaultHolidayTable());
    expect(() => strict.addWorkingDays(d('2026-12-30'), 5)).toThrow(UncoveredYearError);
    expect(() => strict.addWorkingDays(d('2026-12-30'), 5)).toThrow(UncoveredYearError);
    expect(strict.addWorkingDays(d('2026-12-30'), 1)).toBe('2026-12-31');
  });
});
