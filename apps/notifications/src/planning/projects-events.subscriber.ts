import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  MilestoneCompleted,
  MilestoneReopened,
  MilestoneRescheduled,
  MilestoneScheduled,
  MilestoneUpdated,
  ProgrammeClosed,
  ProgrammeRulesChanged,
  type Envelope,
  type ProgrammeRulesChangedData,
  type ProgrammeClosedData,
  type MilestoneCompletedData,
  type MilestoneReopenedData,
  type MilestoneRescheduledData,
  type MilestoneScheduledData,
  type MilestoneUpdatedData,
} from '@duban/contracts';
import type { EventContext } from '@duban/platform';
import { deadlineFromMilestone } from '../deadlines/deadline.rules';
import { DEADLINE_EVENT_CONSUMERS } from '../deadlines/deadline-sources.rules';
import { DeadlinePlanning } from './deadline-planning.service';
import { ProgrammeClosing } from './programme-closing.service';
import { ProgrammePolicyReplanning } from './programme-policy-replan.service';

/** The durable name lives in the broker and in the consumer inbox table: it is stable. */
const DURABLE = { durable: DEADLINE_EVENT_CONSUMERS.projects };

/** The projects service's milestone events, translated into deadlines, and its programmes' closing. */
@Controller()
export class ProjectsEventsSubscriber {
  constructor(
    private readonly planning: DeadlinePlanning,
    private readonly closing: ProgrammeClosing,
    private readonly policyReplanning: ProgrammePolicyReplanning,
  ) {}

  @EventPattern(MilestoneScheduled.type, DURABLE)
  async scheduled(@Payload() event: Envelope<MilestoneScheduledData>, @Ctx() ctx: EventContext): Promise<void> {
    await this.planning.apply(ctx.tx, deadlineFromMilestone(event.data, event.data.history), event.id, 'auto');
  }

  @EventPattern(MilestoneRescheduled.type, DURABLE)
  async rescheduled(@Payload() event: Envelope<MilestoneRescheduledData>, @Ctx() ctx: EventContext): Promise<void> {
    await this.planning.apply(ctx.tx, deadlineFromMilestone(event.data, false), event.id, 'replan');
  }

  @EventPattern(MilestoneUpdated.type, DURABLE)
  async updated(@Payload() event: Envelope<MilestoneUpdatedData>, @Ctx() ctx: EventContext): Promise<void> {
    const history = await this.planning.historyOf(ctx.tx, 'projects', event.data.milestoneId);
    await this.planning.apply(ctx.tx, deadlineFromMilestone(event.data, history), event.id, 'auto');
  }

  /**
   * Completions come many at a time (a county's milestones, a province's day): a run of them in the consumer's
   * batch is applied set-wise, in stream order with the other events of the batch.
   */
  @EventPattern(MilestoneCompleted.type, { ...DURABLE, each: true })
  async completed(
    @Payload() events: readonly Envelope<MilestoneCompletedData>[],
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    // Recorded in full (not only closed) so a deadline first heard of here still exists, done.
    await this.planning.closeMany(
      ctx.tx,
      events.map((event) => ({
        facts: { ...deadlineFromMilestone(event.data, false), status: 'done' as const },
        eventId: event.id,
      })),
    );
  }

  @EventPattern(MilestoneReopened.type, DURABLE)
  async reopened(@Payload() event: Envelope<MilestoneReopenedData>, @Ctx() ctx: EventContext): Promise<void> {
    await this.planning.apply(
      ctx.tx,
      { ...deadlineFromMilestone(event.data, false), status: 'open' },
      event.id,
      'replan',
    );
  }

  /**
   * A new reminder policy re-plans the programme's open milestones set-wise. On the milestones' consumer, so every
   * milestone event published before is applied first, and a rescheduled milestone's event after it.
   */
  @EventPattern(ProgrammeRulesChanged.type, DURABLE)
  async programmeRulesChanged(
    @Payload() event: Envelope<ProgrammeRulesChangedData>,
    @Ctx() ctx: EventContext,
  ): Promise<void> {
    await this.policyReplanning.replan(ctx.tx, event);
  }

  /** On the milestones' consumer, so every milestone event published before the closing is applied first. */
  @EventPattern(ProgrammeClosed.type, DURABLE)
  async programmeClosed(@Payload() event: Envelope<ProgrammeClosedData>, @Ctx() ctx: EventContext): Promise<void> {
    await this.closing.close(ctx.tx, event);
  }
}
