import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isWorkday } from 'chinese-days';
import { CN_HOLIDAYS_2023_2024_CSV } from './data/cn-holidays-2023-2024';
import { HolidayTableError, mergeHolidayTables, type HolidayDay } from './holiday-table';
import { addDays, parseLocalDate, type LocalDate } from './local-date';
import { calendarFromChineseDays, holidayTableFromChineseDays } from './sources/chinese-days';
import { calendarFromCsv, HOLIDAY_CSV_HEADER, parseHolidayCsv } from './sources/csv';
import { defaultCalendar, defaultHolidayTable } from './sources/default-calendar';
import { WorkingDayCalendar } from './working-day-calendar';

const d = parseLocalDate;

function* everyDay(from: string, to: string): Generator<LocalDate> {
  for (let day = d(from); day <= d(to); day = addDays(day, 1)) {
    yield day;
  }
}

describe('the shipped CSV', () => {
  it('is embedded unchanged', () => {
    expect(CN_HOLIDAYS_2023_2024_CSV).toBe(readFileSync(join(__dirname, 'data/cn_holidays_2023_2024.csv'), 'utf8'));
  });

  it('holds 70 rows and covers 2023 and 2024, not 2022 for its one row 2022-12-31', () => {
    const table = parseHolidayCsv(CN_HOLIDAYS_2023_2024_CSV);
    expect(table.days).toHaveLength(70);
    expect(table.years).toEqual([2023, 2024]);
    expect(table.days[0]).toEqual({
      date: '2022-12-31',
      isOffDay: true,
      name: '元旦',
      source: '国办发明电〔2022〕16号',
    });
  });
});

describe('CSV and chinese-days', () => {
  it('agree on every day of 2023 and 2024', () => {
    const csv = calendarFromCsv(CN_HOLIDAYS_2023_2024_CSV);
    const package_ = calendarFromChineseDays();
    const disagreements = [...everyDay('2023-01-01', '2024-12-31')]
      .filter((day) => csv.isWorkingDay(day) !== package_.isWorkingDay(day))
      .map(
        (day) =>
          `${day}: CSV ${csv.isWorkingDay(day) ? 'working' : 'off'}, chinese-days ${package_.isWorkingDay(day) ? 'working' : 'off'}`,
      );
    expect(disagreements).toEqual([]);
  });

  it('chinese-days covers 2004 to at least 2026 without a gap', () => {
    const years = calendarFromChineseDays().coveredYears;
    expect(years[0]).toBe(2004);
    expect(years).toContain(2026);
    expect(years).toEqual(years.map((_, i) => 2004 + i));
  });

  // The package's functions read dates in the process's zone and are a day off west of UTC (see
  // sources/chinese-days.ts); there, only its data file is right and this cross-check cannot run.
  const packageFunctionsWork = new Date(2023, 0, 1).getTimezoneOffset() <= 0;

  (packageFunctionsWork ? it : it.skip)(
    'the package data file says what its functions say, every day it covers',
    () => {
      const package_ = calendarFromChineseDays();
      const first = package_.coveredYears[0];
      const last = package_.coveredYears[package_.coveredYears.length - 1];
      const disagreements = [...everyDay(`${first}-01-01`, `${last}-12-31`)].filter((day) => {
        // Local noon on that day: the package reads a Date in the process's zone.
        const [year, month, date] = day.split('-').map(Number);
        return isWorkday(new Date(year, month - 1, date, 12)) !== package_.isWorkingDay(day);
      });
      expect(disagreements).toEqual([]);
    },
  );

  it('restricts to chosen years', () => {
    const table = holidayTableFromChineseDays({ onlyYears: (year) => year >= 2025 });
    expect(table.years[0]).toBe(2025);
    expect(table.days.every((day) => day.date >= '2025')).toBe(true);
  });
});

describe('defaultCalendar', () => {
  const calendar = defaultCalendar();

  it('takes 2023–2024 from the CSV and later years from chinese-days', () => {
    expect(calendar.holidayOn(d('2023-10-07'))?.source).toBe('国办发明电〔2022〕16号');
    expect(calendar.holidayOn(d('2025-01-26'))).toMatchObject({ isOffDay: false, name: '春节' });
    expect(calendar.holidayOn(d('2025-01-26'))?.source).toMatch(/^chinese-days@/);
    expect(calendar.isWorkingDay(d('2025-01-26'))).toBe(true);
    expect(calendar.isWorkingDay(d('2025-10-08'))).toBe(false);
    expect(calendar.isWorkingDay(d('2024-12-31'))).toBe(true);
  });

  it('is built once, from the shipped table that a service may extend', () => {
    expect(defaultCalendar()).toBe(calendar);
    expect(defaultHolidayTable().years).toEqual(calendar.coveredYears);
    expect(defaultHolidayTable()).toBe(defaultHolidayTable());
  });
});

describe('parseHolidayCsv', () => {
  const row = (date: string, isOffDay: string, name = '国庆节') => `${date},${name},${isOffDay},通知`;

  it('reads a BOM, CRLF line ends, blank lines and quoted fields', () => {
    const text = `\uFEFF${HOLIDAY_CSV_HEADER}\r\n2030-01-01,"元旦, ""新年""",true,"国办发明电〔2029〕1号"\r\n\r\n2030-01-05,元旦,false,x\r\n`;
    const table = parseHolidayCsv(text);
    expect(table.years).toEqual([2030]);
    expect(table.days).toEqual([
      { date: '2030-01-01', isOffDay: true, name: '元旦, "新年"', source: '国办发明电〔2029〕1号' },
      { date: '2030-01-05', isOffDay: false, name: '元旦', source: 'x' },
    ]);
  });

  it('takes the covered years from the caller when given', () => {
    expect(parseHolidayCsv(`${HOLIDAY_CSV_HEADER}\n${row('2030-10-01', 'true')}`, { years: [2030] }).years).toEqual([
      2030,
    ]);
    expect(parseHolidayCsv(`${HOLIDAY_CSV_HEADER}\n${row('2030-10-01', 'true')}`).years).toEqual([]);
  });

  it('refuses a wrong header', () => {
    expect(() => parseHolidayCsv('date,is_off_day\n2030-01-01,true')).toThrow(
      'line 1: expected the header "date,name,is_off_day,source_notice", got "date,is_off_day"',
    );
  });

  it('reports every bad line at once, by line number', () => {
    const text = [
      HOLIDAY_CSV_HEADER,
      row('2030-02-30', 'true'),
      row('2030-10-01', 'yes'),
      row('2030-10-02', 'true', ''),
      '2030-10-03,国庆节,true',
      row('2030-10-04', 'true'),
      row('2030-10-04', 'true'),
      '2030-10-05,"国庆节,true,x',
    ].join('\n');
    const error = catchError(() => parseHolidayCsv(text));
    expect(error).toBeInstanceOf(HolidayTableError);
    expect((error as HolidayTableError).issues).toEqual([
      'line 2: date Expected a date as YYYY-MM-DD',
      'line 3: is_off_day must be true or false',
      'line 4: name is empty',
      'line 5: expected 4 fields (date,name,is_off_day,source_notice)',
      'line 7: 2030-10-04 is listed twice',
      'line 8: expected 4 fields (date,name,is_off_day,source_notice)',
    ]);
  });

  it('refuses an adjusted working day on a weekday when the calendar is built', () => {
    // 2030-10-01 is a Tuesday: "worked" says nothing, so it is a mistake in the data.
    expect(() => calendarFromCsv(`${HOLIDAY_CSV_HEADER}\n${row('2030-10-01', 'false')}`)).toThrow(
      /2030-10-01 is a weekday but is listed as an adjusted working day/,
    );
  });
});

describe('mergeHolidayTables', () => {
  const day = (date: string, isOffDay: boolean, source: string): HolidayDay => ({
    date: d(date),
    isOffDay,
    name: 'x',
    source,
  });

  it('takes each covered year from the first table covering it, and keeps strays of uncovered years', () => {
    const primary = { years: [2030], days: [day('2029-12-31', true, 'a'), day('2030-01-01', true, 'a')] };
    const secondary = {
      years: [2030, 2031],
      days: [
        day('2030-01-01', true, 'b'),
        day('2030-01-02', true, 'b'),
        day('2031-01-01', true, 'b'),
        day('2029-12-31', true, 'b'),
      ],
    };
    const merged = mergeHolidayTables(primary, secondary);
    expect(merged.years).toEqual([2030, 2031]);
    expect(merged.days.map((row) => `${row.date}:${row.source}`)).toEqual([
      '2029-12-31:a',
      '2030-01-01:a',
      '2031-01-01:b',
    ]);
    expect(new WorkingDayCalendar(merged).isWorkingDay(d('2030-01-02'))).toBe(true);
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
