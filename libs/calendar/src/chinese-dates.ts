/**
 * Dates and months as officers write them, without leading zeros: one way for every service, export and
 * page (notices, reminders, PDFs, workbooks, the web app).
 */
import { CHINA_TIME_ZONE, localDateOf, localTimeOf } from './time-zone';

/** '2023-11-02' → '2023年11月2日'. */
export function chineseDate(date: string): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** '2023-04' (or a date in it) → '2023年4月'. */
export function chineseMonth(month: string): string {
  return `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;
}

/** The last instant written out: reminders of one instant are mostly about deadlines due at one instant. */
let lastDateTime: { readonly at: number; readonly zone: string; readonly text: string } | null = null;

/**
 * An instant as officers read it, on `zone`'s clocks (Beijing time unless the policy says otherwise), to the
 * minute: '2026年12月5日 09:30'. One way for every message and notice (a 催办, a 批示's 签收, a reminder's due
 * time, a digest). The same instant again costs nothing: 100,000 reminders due at one instant name it once.
 */
export function chineseDateTime(instant: Date, zone: string = CHINA_TIME_ZONE): string {
  if (lastDateTime?.at === instant.getTime() && lastDateTime.zone === zone) return lastDateTime.text;
  const text = `${chineseDate(localDateOf(instant, zone))} ${localTimeOf(instant, zone).slice(0, 5)}`;
  lastDateTime = { at: instant.getTime(), zone, text };
  return text;
}
