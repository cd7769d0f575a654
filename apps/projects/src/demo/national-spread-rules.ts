import { createHash } from 'node:crypto';
import { endOfLocalDay, parseLocalDate } from '@duban/calendar';

/**
 * How a national programme year has gone by `asOf`, county by county, for the national generator: a
 * deterministic spread (the same county always gets the same story) close to what the 2023 Shanxi year
 * showed: most counties finish each step in the last days before it falls due, some a week or two late,
 * a few stall at a step and stay overdue; every county files its monthly report around the due day (a few
 * late), older reports accepted, the last month's partly still under review or returned.
 */
export type Pace = 'on_time' | 'late' | 'stalled';

/** A number in [0, 1) from a county code and a purpose, stable across runs. */
export function draw(code: string, purpose: string): number {
  return createHash('sha256').update(`${code}:${purpose}`).digest().readUInt32BE(0) / 2 ** 32;
}

export function paceOf(code: string): Pace {
  const x = draw(code, 'pace');
  return x < 0.7 ? 'on_time' : x < 0.92 ? 'late' : 'stalled';
}

const DAY_MS = 24 * 3600_000;

/**
 * When the county completed a milestone due on `dueDate` ('YYYY-MM-DD'), or null when it has not by `asOf`.
 * `index` is the milestone's place in the template: a stalled county stops at a step of its own.
 */
export function completionOf(code: string, dueDate: string, index: number, asOf: Date): Date | null {
  const pace = paceOf(code);
  if (pace === 'stalled' && index >= 1 + Math.floor(draw(code, 'stall') * 5)) return null;
  const due = endOfLocalDay(parseLocalDate(dueDate)).getTime();
  const offsetDays = pace === 'late' ? 2 + draw(code, `late:${index}`) * 14 : -(1 + draw(code, `early:${index}`) * 10);
  const at = new Date(due + offsetDays * DAY_MS - 8 * 3600_000);
  return at.getTime() <= asOf.getTime() ? at : null;
}

export interface ReportPlan {
  readonly month: string;
  readonly submittedAt: Date;
  readonly status: 'submitted' | 'returned' | 'accepted';
  /** 当月提供零工岗位数, 当月服务零工人次, 当月达成意向上岗人次: given from `figuresFrom` on. */
  readonly figures: { gigJobsOffered: number; gigWorkerVisits: number; placements: number } | null;
}

/** The county's monthly reports for every month of `year` whose due day has passed by `asOf`. */
export function reportsOf(
  code: string,
  schedule: { year: number; reportDueDay: number; operatingFiguresFromMonth: number },
  asOf: Date,
): ReportPlan[] {
  const plans: ReportPlan[] = [];
  for (let month = 1; month <= 12; month++) {
    const label = `${schedule.year}-${String(month).padStart(2, '0')}`;
    const day = Math.min(28, schedule.reportDueDay - 6 + Math.floor(draw(code, `filed:${label}`) * 9));
    const submittedAt = new Date(`${label}-${String(day).padStart(2, '0')}T10:00:00+08:00`);
    const due = endOfLocalDay(parseLocalDate(`${label}-${String(schedule.reportDueDay).padStart(2, '0')}`));
    if (due.getTime() > asOf.getTime() || submittedAt.getTime() > asOf.getTime()) break;
    plans.push({ month: label, submittedAt, status: 'accepted', figures: figuresOf(code, label, month, schedule) });
  }
  const last = plans.at(-1);
  if (last) {
    const x = draw(code, 'last-review');
    plans[plans.length - 1] = { ...last, status: x < 0.6 ? 'accepted' : x < 0.9 ? 'submitted' : 'returned' };
  }
  return plans;
}

function figuresOf(
  code: string,
  label: string,
  month: number,
  schedule: { operatingFiguresFromMonth: number },
): ReportPlan['figures'] {
  if (month < schedule.operatingFiguresFromMonth) return null;
  const jobs = 20 + Math.floor(draw(code, `jobs:${label}`) * 180);
  const visits = jobs * (3 + Math.floor(draw(code, `visits:${label}`) * 5));
  return {
    gigJobsOffered: jobs,
    gigWorkerVisits: visits,
    placements: Math.floor(jobs * (0.3 + draw(code, label) * 0.5)),
  };
}
