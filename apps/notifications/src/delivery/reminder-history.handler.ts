import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListReminderHistoryRpc, type Actor, type ReminderHistory } from '@duban/contracts';
import { ReminderHistoryService } from './reminder-history.service';

/** The reminders sent about deadlines (超时倒查's drill-down). */
@Controller()
export class ReminderHistoryHandler {
  constructor(private readonly history: ReminderHistoryService) {}

  @MessagePattern(ListReminderHistoryRpc.subject)
  list(@Payload() request: { actor: Actor; deadlineIds: string[] }): Promise<ReminderHistory> {
    return this.history.ofDeadlines(request.actor, request.deadlineIds);
  }
}
