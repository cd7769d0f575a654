import { Injectable } from '@nestjs/common';
import { ListMilestoneRemindersRpc, NotFoundError, type Actor, type ReminderSchedule } from '@duban/contracts';
import { AuditLog, RpcHandler } from '@duban/platform';
import { DataSource } from 'typeorm';
import { DeadlinesRepository, type StoredDeadline } from './deadlines.repository';

/**
 * `GET /api/milestones/:id/reminders`: the milestone's current plan, so an officer knows when they will be
 * reminded and a reviewer can check the working-day maths.
 */
@Injectable()
export class RemindersHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deadlines: DeadlinesRepository,
    private readonly audit: AuditLog,
  ) {}

  @RpcHandler(ListMilestoneRemindersRpc)
  async list(request: { actor: Actor; milestoneId: string }): Promise<ReminderSchedule> {
    const manager = this.dataSource.manager;
    const deadline = await this.deadlines.findBySubject(manager, 'projects', request.milestoneId);
    if (!deadline || !canSee(request.actor, deadline)) {
      if (deadline) {
        await this.audit.recordDenied({
          actor: request.actor,
          action: 'milestone.reminders.read',
          targetType: 'milestone',
          targetId: request.milestoneId,
        });
      }
      throw new NotFoundError('节点不存在');
    }
    const stages = await this.deadlines.currentPlan(manager, deadline);
    return {
      dueDate: deadline.dueDate,
      dueAt: deadline.dueAt.toISOString(),
      status: deadline.status,
      history: deadline.history,
      items: stages.map((stage) => ({
        stage: stage.stage,
        fireAt: stage.fireAt.toISOString(),
        recipients: stage.recipients,
        state: stage.state,
        sentAt: stage.sentAt ? stage.sentAt.toISOString() : null,
      })),
    };
  }
}

/**
 * Region scope: the county itself, its city, or its province (GB/T 2260 codes are hierarchical: the
 * province is the first two digits, the city the first four).
 */
export function canSee(actor: Actor, deadline: Pick<StoredDeadline, 'regionCode' | 'cityRegionCode'>): boolean {
  const province = `${deadline.regionCode.slice(0, 2)}0000`;
  const visible = new Set([deadline.regionCode, deadline.cityRegionCode ?? `${deadline.regionCode.slice(0, 4)}00`, province]);
  return actor.regionCodes.some((code) => visible.has(code));
}
