import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListMilestoneRemindersRpc, type Actor, type ReminderSchedule } from '@duban/contracts';
import { RemindersService } from './reminders.service';

/** `GET /api/milestones/:id/reminders`. */
@Controller()
export class RemindersHandler {
  constructor(private readonly reminders: RemindersService) {}

  @MessagePattern(ListMilestoneRemindersRpc.subject)
  list(@Payload() request: { actor: Actor; milestoneId: string }): Promise<ReminderSchedule> {
    return this.reminders.scheduleOfMilestone(request.actor, request.milestoneId);
  }
}
