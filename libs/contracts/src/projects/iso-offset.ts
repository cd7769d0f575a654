/**
 * Signed ISO 8601 durations used as reminder offsets from an exact due instant: `-PT10S` (ten seconds
 * before), `PT0S` (at the instant), `P1DT2H` (a day and two hours after). Only weeks, days, hours, minutes
 * and seconds are allowed: years and months have no fixed length, so "one month before" an instant is
 * ambiguous and refused rather than guessed.
 */
const ISO_OFFSET = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;
const CALENDAR_UNITS = /^[+-]?P(?:\d+Y|\d+M|[^T]*\d+[YM])/;

/** The longest offset accepted either way: a reminder more than a year away from its deadline is a mistake. */
export const MAX_OFFSET_MS = 366 * 24 * 3600 * 1000;

export type IsoOffsetResult = { ok: true; milliseconds: number } | { ok: false; reason: string };

/** Parses a signed ISO 8601 duration into milliseconds, or says in Chinese why it is not one. */
export function parseIsoOffset(text: string): IsoOffsetResult {
  if (CALENDAR_UNITS.test(text)) {
    return { ok: false, reason: '不支持以年或月为单位的偏移量，请改用周、天、小时、分钟或秒（如 -P7D、-PT10S）' };
  }
  const match = ISO_OFFSET.exec(text);
  // A bare "P" or "PT" matches the pattern with no component at all: not a duration.
  if (!match || !match.slice(2).some((part) => part !== undefined) || text.endsWith('T')) {
    return { ok: false, reason: '不是有效的 ISO 8601 时长（如 -PT10S、PT0S、PT5S、-P1D）' };
  }
  const [, sign, weeks, days, hours, minutes, seconds] = match;
  const magnitude =
    Number(weeks ?? 0) * 7 * 86_400_000 +
    Number(days ?? 0) * 86_400_000 +
    Number(hours ?? 0) * 3_600_000 +
    Number(minutes ?? 0) * 60_000 +
    Math.round(Number(seconds ?? 0) * 1000);
  if (magnitude > MAX_OFFSET_MS) return { ok: false, reason: '偏移量不能超过 366 天' };
  return { ok: true, milliseconds: sign === '-' && magnitude > 0 ? -magnitude : magnitude };
}
