import { HolidayTableError, type HolidayDay, type HolidayTable } from './holiday-table';
import { addDays, isLocalDate, isoWeekday, yearOf, type LocalDate } from './local-date';
import { parseHolidayCsv, HOLIDAY_CSV_HEADER } from './sources/csv';

/**
 * One year's holiday notice as an administrator loads it (国务院办公厅关于…部分节假日安排的通知): the
 * statutory days off and the adjusted working days (调休上班), each optionally named after its holiday.
 * Every other day of the year follows the ordinary week.
 */
export interface YearNotice {
  readonly daysOff: readonly string[];
  readonly workdays: readonly string[];
  /** Date → holiday name (春节…); a day without one is shown as 放假 or 调休上班. */
  readonly names?: Readonly<Record<string, string>>;
  /** Where it comes from, e.g. 国办发明电〔2026〕12号. */
  readonly source?: string;
}

/** A problem with one field of a notice, said in Chinese: what a 400 names. */
export interface NoticeIssue {
  readonly field: string;
  readonly message: string;
}

const WEEKDAY_NAMES = ['', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];
const DATE_FORMAT = '日期格式不正确，应为 YYYY-MM-DD（如 2027-01-01）';

/** The years a notice may be loaded for: the programme's era, with room on both sides. */
export const NOTICE_YEARS = { min: 2000, max: 2100 } as const;

/**
 * Everything wrong with `notice` as the table of `year`, every problem at once: malformed dates, dates
 * outside the year, a date listed twice, a day both off and worked, a weekday listed as an adjusted working
 * day (调休 only moves Saturdays and Sundays), no day off at all (元旦 is off every year). Empty: loadable.
 */
export function yearNoticeIssues(year: number, notice: Pick<YearNotice, 'daysOff' | 'workdays'>): NoticeIssue[] {
  const issues: NoticeIssue[] = [];
  if (!Number.isInteger(year) || year < NOTICE_YEARS.min || year > NOTICE_YEARS.max) {
    return [{ field: 'year', message: `年份必须是 ${NOTICE_YEARS.min}–${NOTICE_YEARS.max} 之间的整数` }];
  }
  const off = new Set<string>();
  const checkDate = (list: 'daysOff' | 'workdays', date: string, index: number, seen: Set<string>): boolean => {
    const field = `${list}.${index}`;
    if (!isLocalDate(date)) issues.push({ field, message: DATE_FORMAT });
    else if (yearOf(date) !== year) issues.push({ field, message: `${date} 不在 ${year} 年内` });
    else if (seen.has(date)) issues.push({ field, message: `${date} 重复列出` });
    else {
      seen.add(date);
      return true;
    }
    return false;
  };
  notice.daysOff.forEach((date, index) => checkDate('daysOff', date, index, off));
  if (notice.daysOff.length === 0) issues.push({ field: 'daysOff', message: '至少列出一天放假日（元旦每年放假）' });
  const worked = new Set<string>();
  notice.workdays.forEach((date, index) => {
    if (!checkDate('workdays', date, index, worked)) return;
    const field = `workdays.${index}`;
    const weekday = isoWeekday(date as LocalDate);
    if (off.has(date)) issues.push({ field, message: `${date} 同时列为放假日和调休上班日` });
    else if (weekday <= 5)
      issues.push({ field, message: `${date} 是${WEEKDAY_NAMES[weekday]}，调休上班日只能是星期六或星期日` });
  });
  return issues;
}

/** The holiday table of a checked notice (see `yearNoticeIssues`): it covers exactly `year`. */
export function holidayTableOfNotice(year: number, notice: YearNotice): HolidayTable {
  const source = notice.source?.trim() || `${year}年节假日安排`;
  const row = (date: string, isOffDay: boolean): HolidayDay => ({
    date: date as LocalDate,
    isOffDay,
    name: notice.names?.[date]?.trim() || (isOffDay ? '放假' : '调休上班'),
    source,
  });
  const days = [...notice.daysOff.map((d) => row(d, true)), ...notice.workdays.map((d) => row(d, false))];
  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { years: [year], days };
}

/** A notice file that could not be read: its problems, each naming the line, in Chinese. */
export class NoticeFileError extends Error {
  constructor(readonly issues: readonly NoticeIssue[]) {
    super(issues.map((issue) => issue.message).join('；'));
    this.name = 'NoticeFileError';
  }
}

/**
 * Reads a holiday notice file in one of three forms (told apart by content, not by name):
 * - JSON: `{"daysOff": ["2027-01-01", …], "workdays": ["2027-02-20", …], "names"?: {date: name}, "source"?: "…"}`,
 *   the body of `PUT /api/calendars/:year`;
 * - CSV with the header `date,name,is_off_day,source_notice` (the layout of the shipped 2023–2024 file);
 * - the notice's text, one holiday per line: `春节：放假 2027-02-06 至 2027-02-12；上班 2027-02-14、2027-02-20`
 *   (`放假` and `上班` each followed by dates or ranges `A 至 B` / `A~B`, separated by `、` or `,`),
 *   an optional `来源：国办发明电〔2026〕12号` line, `#` starting a comment line.
 * Throws `NoticeFileError` (field `file`, the line in the message) for anything it cannot read; whether the
 * dates suit the year is `yearNoticeIssues`' question.
 */
export function parseNoticeFile(text: string): YearNotice {
  const content = text.replace(/^\uFEFF/, '');
  const trimmed = content.trim();
  if (trimmed === '') throw fileError('文件为空');
  if (trimmed.startsWith('{')) return parseJsonNotice(trimmed);
  if (trimmed.split(/\r?\n/, 1)[0]?.trim() === HOLIDAY_CSV_HEADER) return parseCsvNotice(content);
  return parseTextNotice(content);
}

function fileError(message: string): NoticeFileError {
  return new NoticeFileError([{ field: 'file', message }]);
}

function parseJsonNotice(text: string): YearNotice {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw fileError('JSON 格式不正确');
  }
  const body = value as Record<string, unknown>;
  const dates = (key: string): string[] => {
    const list = body[key] ?? [];
    if (!Array.isArray(list) || list.some((item) => typeof item !== 'string'))
      throw fileError(`JSON 中的 ${key} 必须是日期字符串数组`);
    return list as string[];
  };
  const names = body['names'] ?? {};
  if (typeof names !== 'object' || names === null || Object.values(names).some((name) => typeof name !== 'string'))
    throw fileError('JSON 中的 names 必须是“日期: 名称”的对象');
  const source = body['source'];
  if (source !== undefined && typeof source !== 'string') throw fileError('JSON 中的 source 必须是字符串');
  return {
    daysOff: dates('daysOff'),
    workdays: dates('workdays'),
    names: names as Record<string, string>,
    ...(source !== undefined && { source }),
  };
}

function parseCsvNotice(text: string): YearNotice {
  try {
    const table = parseHolidayCsv(text);
    const names = Object.fromEntries(table.days.map((day) => [day.date, day.name]));
    const source = [...new Set(table.days.map((day) => day.source).filter((s) => s !== ''))].join('、');
    return {
      daysOff: table.days.filter((day) => day.isOffDay).map((day) => day.date),
      workdays: table.days.filter((day) => !day.isOffDay).map((day) => day.date),
      names,
      ...(source !== '' && { source }),
    };
  } catch (error) {
    if (!(error instanceof HolidayTableError)) throw error;
    // The CSV reader says "line N: …": the line is what the administrator needs to find.
    throw new NoticeFileError(
      error.issues.map((issue) => ({
        field: 'file',
        message: `CSV ${issue.replace(/^line (\d+): ?/, '第 $1 行：').replace('is listed twice', '重复列出')}`,
      })),
    );
  }
}

const SOURCE_LINE = /^(来源|文号|source)\s*[:：]\s*(.+)$/i;
const HOLIDAY_LINE = /^([^:：]+)[:：](.+)$/;
const PART = /^(放假|上班)\s*(.+)$/;

function parseTextNotice(text: string): YearNotice {
  const daysOff: string[] = [];
  const workdays: string[] = [];
  const names: Record<string, string> = {};
  const issues: NoticeIssue[] = [];
  let source: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    const at = `第 ${index + 1} 行：`;
    if (line === '' || line.startsWith('#')) return;
    const sourceLine = SOURCE_LINE.exec(line);
    if (sourceLine?.[2]) {
      source = sourceLine[2].trim();
      return;
    }
    const holiday = HOLIDAY_LINE.exec(line);
    if (!holiday?.[1] || !holiday[2]) {
      issues.push({ field: 'file', message: `${at}应为“节日名称：放假 日期…；上班 日期…”` });
      return;
    }
    const name = holiday[1].trim();
    for (const part of holiday[2]
      .split(/[;；]/)
      .map((p) => p.trim())
      .filter((p) => p !== '')) {
      const match = PART.exec(part);
      if (!match?.[1] || !match[2]) {
        issues.push({ field: 'file', message: `${at}“${part}”应以“放假”或“上班”开头` });
        continue;
      }
      const target = match[1] === '放假' ? daysOff : workdays;
      for (const item of match[2]
        .split(/[,，、]/)
        .map((p) => p.trim())
        .filter((p) => p !== '')) {
        const dates = expandRange(item);
        if (!dates) {
          issues.push({ field: 'file', message: `${at}“${item}”不是日期或日期范围（YYYY-MM-DD 或 A 至 B）` });
          continue;
        }
        for (const date of dates) {
          target.push(date);
          names[date] = name;
        }
      }
    }
  });
  if (issues.length > 0) throw new NoticeFileError(issues);
  if (daysOff.length === 0 && workdays.length === 0) throw fileError('文件中没有任何放假日或调休上班日');
  return { daysOff, workdays, names, ...(source !== undefined && { source }) };
}

/** The longest run a range may name: no holiday lasts longer (the longest, 春节, is about 9 days). */
const MAX_RANGE_DAYS = 31;

/** `2027-02-06` → that day; `2027-02-06 至 2027-02-12` or `…~…` → every day of it; undefined if neither. */
function expandRange(item: string): string[] | undefined {
  const [from, to, ...rest] = item.split(/\s*(?:至|~|～)\s*/);
  if (!from || !isLocalDate(from) || rest.length > 0) return undefined;
  if (to === undefined) return [from];
  if (!isLocalDate(to) || to < from) return undefined;
  const days: string[] = [];
  for (let day: LocalDate = from; day <= to; day = addDays(day, 1)) {
    days.push(day);
    if (days.length > MAX_RANGE_DAYS) return undefined;
  }
  return days;
}
