import { CHINA_TIME_ZONE, chineseDate, localDateOf } from '@duban/calendar';

/** An instant as officers read it, in Beijing time: 2026年12月5日 09:30. */
export function chineseTime(instant: Date): string {
  const date = localDateOf(instant, CHINA_TIME_ZONE);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: CHINA_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
  return `${chineseDate(date)} ${time}`;
}
