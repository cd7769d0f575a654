import { Injectable } from '@nestjs/common';
import { Clock, Transactions } from '@duban/platform';
import { HolidayCalendar } from '../calendars/holiday-calendar.service';
import { NotificationsConfig } from '../config';
import { DeadlinesRepository } from '../deadlines/deadlines.repository';
import { plannedMessage } from '../deadlines/reminder-message.rules';

/**
 * Reminders read per question, and worded per statement. Read in large sets: each question finds those still
 * without words by passing over those with them, so many small ones would pass over the same rows again and again.
 */
const READ = 50_000;
const WRITE = 5_000;

/**
 * Writes the words of planned reminders as their instant comes within `armAheadMs` (when their timers are armed
 * too), for those planned earlier than that: the planner words only the stages due that soon (`withMessages`).
 * An instant's firing then writes their in-app rows from these words (issue 17, G2). A reminder left without
 * words loses nothing: its firing makes them.
 */
@Injectable()
export class ReminderWords {
  constructor(
    private readonly transactions: Transactions,
    private readonly deadlines: DeadlinesRepository,
    private readonly holidays: HolidayCalendar,
    private readonly clock: Clock,
    private readonly config: NotificationsConfig,
  ) {}

  /**
   * One pass (the reconciler's): every planned reminder within reach still without words gets them. Each pass looks
   * at the whole reach rather than at what entered it since the last: a stage planned while a pass went by is worded
   * by the next. Returns how many it worded.
   */
  async writeAhead(): Promise<number> {
    const now = this.clock.now();
    const until = this.config.reachFrom(now);
    let worded = 0;
    for (;;) {
      const due = await this.deadlines.unworded(this.transactions.none, now, until, READ);
      for (let start = 0; start < due.length; start += WRITE) {
        await this.transactions.run(async (tx) => {
          const calendar = await this.holidays.sync(tx);
          await this.deadlines.insertMessages(
            tx,
            due.slice(start, start + WRITE).map(({ reminder, deadline }) => ({
              reminderId: reminder.id,
              message: plannedMessage(deadline, reminder.stage, reminder.fireAt, calendar),
            })),
          );
        });
      }
      worded += due.length;
      if (due.length < READ) return worded;
    }
  }
}
