import { NoticeFileError, parseNoticeFile, yearNoticeIssues, type NoticeIssue, type YearNotice } from '@duban/calendar';

/** One row of a notice's preview: a day off or an adjusted working day, keyed as the API names its field. */
export interface PreviewRow {
  /** `daysOff.3`, `workdays.0`: the field a 400 names. */
  readonly field: string;
  readonly date: string;
  readonly kind: '放假' | '调休上班';
  readonly name: string;
}

/** A file read for a year: its rows, and what is wrong with them or with the file (none: loadable). */
export interface NoticePreview {
  readonly notice: YearNotice | null;
  readonly rows: readonly PreviewRow[];
  readonly issues: readonly NoticeIssue[];
}

/**
 * Reads a notice file (text, JSON or CSV form, as the server reads them) for `year` and checks it with the
 * server's own rules, so the preview shows the same reasons a load would get back.
 */
export function previewNotice(year: number, text: string): NoticePreview {
  let notice: YearNotice;
  try {
    notice = parseNoticeFile(text);
  } catch (error) {
    if (error instanceof NoticeFileError) return { notice: null, rows: [], issues: error.issues };
    throw error;
  }
  const name = (date: string, fallback: string) => notice.names?.[date] ?? fallback;
  const rows: PreviewRow[] = [
    ...notice.daysOff.map((date, i) => ({ field: `daysOff.${i}`, date, kind: '放假' as const, name: name(date, '') })),
    ...notice.workdays.map((date, i) => ({
      field: `workdays.${i}`,
      date,
      kind: '调休上班' as const,
      name: name(date, ''),
    })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { notice, rows, issues: yearNoticeIssues(year, notice) };
}
