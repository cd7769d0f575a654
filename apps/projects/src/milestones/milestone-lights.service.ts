import { rollupLight, statusLight, type Light, type WorkingDayCalendar } from '@duban/calendar';
import { Injectable } from '@nestjs/common';
import { WorkingDays } from '../calendar/working-days.service';
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
 * Computes lights with the working-day calendar (statutory holidays and 调休 count): the holiday tables the
 * notifications service keeps, copied here (`WorkingDays`). Shared by every screen that shows a light
 * (milestones, projects, reports, dashboard) so they always agree. A year whose notice is not loaded counts
 * as an ordinary Monday–Friday week until it is: a light is a display, and must not fail the page.
 */
@Injectable()
export class MilestoneLights {
  constructor(private readonly workingDays: WorkingDays) {}

  /** The light of one milestone. */
  light(milestone: LightInput, yellowWithinWorkingDays: number, now: Date): Light {
    return milestoneLight(milestone, { now, yellowWithinWorkingDays, calendar: this.workingDays.current });
  }

  /** A project's light: the rollup of its milestones' (red if any is red, else yellow, else green; done if all are). */
  projectLight(milestones: readonly LightInput[], yellowWithinWorkingDays: number, now: Date): Light {
    return rollupLight(milestones.map((milestone) => this.light(milestone, yellowWithinWorkingDays, now)));
  }
}
