import {
  holidayTableOfNotice,
  NoticeFileError,
  parseNoticeFile,
  yearNoticeIssues,
  type HolidayTable,
  type NoticeIssue,
  type YearNotice,
} from '@duban/calendar';
import type { PutCalendarYearBody } from '@duban/contracts';

/** A load request read: the year's table, or every problem with it (each naming its field, in Chinese). */
export type ReadNotice =
  | { readonly ok: true; readonly table: HolidayTable; readonly source: string }
  | { readonly ok: false; readonly issues: readonly NoticeIssue[] };

/**
 * The holiday table a `PUT /api/calendars/:year` body describes: its lists, or the notice file it carries
 * (text, JSON or CSV form), checked for the year (dates in it, none both off and worked, adjusted working
 * days on weekends). A file's date problems are named as its lists' fields would be, prefixed `file.`.
 */
export function readNotice(year: number, body: PutCalendarYearBody): ReadNotice {
  let notice: YearNotice;
  let prefix = '';
  if (body.file !== undefined) {
    try {
      notice = parseNoticeFile(body.file);
    } catch (error) {
      if (error instanceof NoticeFileError) return { ok: false, issues: error.issues };
      throw error;
    }
    prefix = 'file.';
  } else {
    notice = { daysOff: body.daysOff ?? [], workdays: body.workdays ?? [], ...(body.names && { names: body.names }) };
  }
  const issues = yearNoticeIssues(year, notice);
  if (issues.length > 0) {
    return { ok: false, issues: issues.map((issue) => ({ ...issue, field: `${prefix}${issue.field}` })) };
  }
  const source = body.source?.trim() || notice.source?.trim() || `${year}年节假日安排（管理员加载）`;
  return { ok: true, table: holidayTableOfNotice(year, { ...notice, source }), source };
}

/** A table's counts, as the audit trail and the list show them. */
export function tableCounts(table: HolidayTable): { daysOff: number; workdays: number } {
  const daysOff = table.days.filter((day) => day.isOffDay).length;
  return { daysOff, workdays: table.days.length - daysOff };
}
