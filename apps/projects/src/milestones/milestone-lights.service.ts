import {
  calendarFromChineseDays,
  defaultCalendar,
  mondayToFriday,
  rollupLight,
  statusLight,
  UncoveredYearError,
  type Light,
  type WorkingDayCalendar,
} from '@duban/calendar';
import { Injectable } from '@nestjs/common';
import type { MilestoneRecord } from './milestones.repository';

/** What a light is computed from: the milestone's status and its one deadline. */
export type LightInput = Pick<MilestoneRecord, 'status' | 'dueDate' | 'dueAt'>;

/**
 * The status light of one milestone at `now` (DESIGN: green on track, yellow due within N working days,
 * red overdue, done). A due date falls due at the end of that local day; an extra milestone at its instant.
 */
export function milestoneLight(
  milestone: LightInput,
  options: { now: Date; yellowWithinWorkingDays: number; calendar: WorkingDayCalendar },
): Light {
  const due = milestone.dueDate !== null ? { date: milestone.dueDate } : { at: milestone.dueAt as Date };
  return statusLight({ status: milestone.status, due, ...options });
}

/**
 * Computes lights with the working-day calendar (statutory holidays and 调休 count). Shared by every
 * screen that shows a light (milestones, projects, reports, dashboard) so they always agree.
 */
@Injectable()
export class MilestoneLights {
  private readonly calendar = defaultCalendar();
  // A light is a display, not a deadline: near the end of the last year whose holiday notice is known, the
  // "within N working days" window may reach into the next year. Rather than fail the page, count that
  // year's days as an ordinary Monday–Friday week until its notice is loaded. Reminders do not use this.
  private fallback: WorkingDayCalendar | undefined;

  /** The light of one milestone. */
  light(milestone: LightInput, yellowWithinWorkingDays: number, now: Date): Light {
    try {
      return milestoneLight(milestone, { now, yellowWithinWorkingDays, calendar: this.calendar });
    } catch (error) {
      if (!(error instanceof UncoveredYearError)) throw error;
      this.fallback ??= calendarFromChineseDays({ fallback: mondayToFriday });
      return milestoneLight(milestone, { now, yellowWithinWorkingDays, calendar: this.fallback });
    }
  }

  /** A project's light: the rollup of its milestones' (red if any is red, else yellow, else green; done if all are). */
  projectLight(milestones: readonly LightInput[], yellowWithinWorkingDays: number, now: Date): Light {
    return rollupLight(milestones.map((milestone) => this.light(milestone, yellowWithinWorkingDays, now)));
  }
}
