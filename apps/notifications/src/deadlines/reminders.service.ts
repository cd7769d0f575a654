import { Injectable } from '@nestjs/common';
import type { Actor, ReminderSchedule } from '@duban/contracts';
import { Access, Transactions } from '@duban/platform';
import { deadlineRegionPath } from './deadline.rules';
import { DeadlinesRepository } from './deadlines.repository';
import { reminderScheduleView } from './reminders-view';

/**
 * A milestone's current reminder plan, so an officer knows when they will be reminded and a reviewer can
 * check the working-day maths. Seen by the county, its city and its province (the one scope rule).
 */
@Injectable()
export class RemindersService {
  constructor(
    private readonly transactions: Transactions,
    private readonly deadlines: DeadlinesRepository,
    private readonly access: Access,
  ) {}

  async scheduleOfMilestone(actor: Actor, milestoneId: string): Promise<ReminderSchedule> {
    // The deadline and its plan from one snapshot: a firing commits the next overdue stage together with the
    // deadline's flags (the years planned on an assumed calendar), and the view must not show one without the other.
    const { deadline, plan } = await this.transactions.snapshot(async (tx) => {
      const found = await this.deadlines.findBySubject(tx, 'projects', milestoneId);
      return { deadline: found, plan: found ? await this.deadlines.currentPlan(tx, found) : [] };
    });
    const inScope = await this.access.requireInScope(
      { actor, action: 'milestone.reminders.read', targetType: 'milestone', targetId: milestoneId },
      deadline,
      deadlineRegionPath,
      '节点不存在',
    );
    return reminderScheduleView(inScope, plan);
  }
}
