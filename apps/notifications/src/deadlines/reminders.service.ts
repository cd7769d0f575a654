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
    const tx = this.transactions.none;
    const deadline = await this.access.requireInScope(
      { actor, action: 'milestone.reminders.read', targetType: 'milestone', targetId: milestoneId },
      await this.deadlines.findBySubject(tx, 'projects', milestoneId),
      deadlineRegionPath,
      '节点不存在',
    );
    return reminderScheduleView(deadline, await this.deadlines.currentPlan(tx, deadline));
  }
}
