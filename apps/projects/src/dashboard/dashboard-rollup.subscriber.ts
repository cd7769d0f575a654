import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  MilestoneCompleted,
  MilestoneReopened,
  MilestoneRescheduled,
  MilestoneScheduled,
  MilestoneUpdated,
  MonthlyReportAccepted,
  MonthlyReportReturned,
  MonthlyReportSubmitted,
  ProjectRegistered,
  type Envelope,
} from '@duban/contracts';
import type { EventContext } from '@duban/platform';
import { DashboardRollups } from './dashboard-rollups.service';

/** The durable name lives in the broker and the inbox table: it is stable. */
const DURABLE = 'projects-dashboard';

/**
 * Keeps the dashboard's read model up to date from the projects service's own events: every event that
 * changes what a project adds to a dashboard (a milestone planned, moved, completed or reopened, a report
 * submitted or reviewed, a project registered) re-applies that project, in the consumer's transaction.
 */
@Controller()
export class DashboardRollupSubscriber {
  constructor(private readonly rollups: DashboardRollups) {}

  @EventPattern(ProjectRegistered.type, { durable: DURABLE })
  onProjectRegistered(@Payload() event: Envelope<{ projectId: string }>, @Ctx() ctx: EventContext): void {
    this.rollups.applyAtCommit(ctx.tx, event.data.projectId);
  }

  @EventPattern(MilestoneScheduled.type, { durable: DURABLE })
  onScheduled(@Payload() event: Envelope<{ projectId: string }>, @Ctx() ctx: EventContext): void {
    this.rollups.applyAtCommit(ctx.tx, event.data.projectId);
  }

  @EventPattern(MilestoneRescheduled.type, { durable: DURABLE })
  onRescheduled(@Payload() event: Envelope<{ projectId: string }>, @Ctx() ctx: EventContext): void {
    this.rollups.applyAtCommit(ctx.tx, event.data.projectId);
  }

  @EventPattern(MilestoneUpdated.type, { durable: DURABLE })
  onUpdated(@Payload() event: Envelope<{ projectId: string }>, @Ctx() ctx: EventContext): void {
    this.rollups.applyAtCommit(ctx.tx, event.data.projectId);
  }

  @EventPattern(MilestoneCompleted.type, { durable: DURABLE })
  onCompleted(@Payload() event: Envelope<{ projectId: string }>, @Ctx() ctx: EventContext): void {
    this.rollups.applyAtCommit(ctx.tx, event.data.projectId);
  }

  @EventPattern(MilestoneReopened.type, { durable: DURABLE })
  onReopened(@Payload() event: Envelope<{ projectId: string }>, @Ctx() ctx: EventContext): void {
    this.rollups.applyAtCommit(ctx.tx, event.data.projectId);
  }

  @EventPattern(MonthlyReportSubmitted.type, { durable: DURABLE })
  onReportSubmitted(@Payload() event: Envelope<{ projectId: string }>, @Ctx() ctx: EventContext): void {
    this.rollups.applyAtCommit(ctx.tx, event.data.projectId);
  }

  @EventPattern(MonthlyReportReturned.type, { durable: DURABLE })
  onReportReturned(@Payload() event: Envelope<{ projectId: string }>, @Ctx() ctx: EventContext): void {
    this.rollups.applyAtCommit(ctx.tx, event.data.projectId);
  }

  @EventPattern(MonthlyReportAccepted.type, { durable: DURABLE })
  onReportAccepted(@Payload() event: Envelope<{ projectId: string }>, @Ctx() ctx: EventContext): void {
    this.rollups.applyAtCommit(ctx.tx, event.data.projectId);
  }
}
