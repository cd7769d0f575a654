import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  InspectionPassed,
  MilestoneCompleted,
  type Envelope,
  type EventActor,
  type InspectionPassedData,
} from '@duban/contracts';
import { AuditLog, Clock, EventContext, Outbox } from '@duban/platform';
import { milestoneFacts } from '../milestones/milestone-facts-view';
import { milestoneSnapshot } from '../milestones/milestone-view';
import { MilestonesRepository } from '../milestones/milestones.repository';
import { OfficersRepository } from '../officers/officers.repository';
import { OverrunRecorder } from '../overruns/overrun-recorder.service';
import { ProjectAccessService } from '../projects/project-access.service';

/**
 * Completes a county's acceptance milestone (the template milestone with `completesOn: 'acceptance_signed'`,
 * 迎接市局验收检查) when the evaluation service announces a passed, countersigned inspection. Runs inside
 * the consumer's transaction with the inbox row, so a redelivered event does nothing; a second passing
 * inspection (a re-inspection) finds the milestone done and changes nothing either: one completion, one
 * MilestoneCompleted. The signed acceptance is the evidence, so prerequisites are not waited for.
 */
@Controller()
export class AcceptanceSignedSubscriber {
  private readonly logger = new Logger(AcceptanceSignedSubscriber.name);

  constructor(
    private readonly projectAccess: ProjectAccessService,
    private readonly milestones: MilestonesRepository,
    private readonly officers: OfficersRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly overruns: OverrunRecorder,
  ) {}

  // The durable name lives in the broker and the inbox table: it is stable.
  @EventPattern(InspectionPassed.type, { durable: 'projects-acceptance' })
  async onInspectionPassed(@Payload() event: Envelope<InspectionPassedData>, @Ctx() ctx: EventContext): Promise<void> {
    const { data } = event;
    const tx = ctx.tx;
    const context = await this.projectAccess.findContext(tx, data.projectId);
    if (!context || context.project.regionCode !== data.regionCode) {
      throw new Error(
        `Inspection ${data.inspectionId} passed for unknown project ${data.projectId} (${data.regionCode})`,
      );
    }
    const keys = new Set(
      context.programme.milestoneTemplate
        .filter((item) => item.completesOn === 'acceptance_signed')
        .map((item) => item.key),
    );
    const candidates = (await this.milestones.findByProject(tx, data.projectId)).filter(
      (milestone) => milestone.key !== null && keys.has(milestone.key),
    );
    if (candidates.length === 0) {
      this.logger.warn(`Project ${data.projectId} has no milestone completed by a signed acceptance; nothing to do`);
      return;
    }
    const officers = await this.officers.findByProject(tx, data.projectId);
    // The signing inspector, acting through the system: who the trail and the event name as completing it.
    const completedBy: EventActor = {
      userId: 'system',
      username: data.inspector.username,
      displayName: data.inspector.name,
      role: 'inspector',
    };
    for (const candidate of candidates) {
      const milestone = await this.milestones.findById(tx, candidate.id, { lock: true });
      if (!milestone || milestone.status === 'done') continue;
      const completedAt = new Date(data.signedAt);
      const saved = await this.milestones.update(
        tx,
        {
          ...milestone,
          status: 'done',
          completedAt,
          completedBy: data.inspector.username,
          evidence: {
            text:
              `验收检查签字通过：总分 ${data.total} 分（满分 ${data.maxTotal} 分，合格线 ${data.passThreshold} 分）；` +
              `验收组 ${data.inspector.name} 签字，县级专班 ${data.countersignedBy.name} 会签`,
            attachments: [{ name: '验收检查', ref: `inspection:${data.inspectionId}` }],
            recordedBy: { userId: 'system', username: data.inspector.username, displayName: data.inspector.name },
          },
        },
        this.clock.now(),
      );
      await this.overruns.completed(tx, saved, officers, completedAt);
      await this.outbox.append(
        tx,
        MilestoneCompleted,
        { ...milestoneFacts(context, saved, officers), completedAt: completedAt.toISOString(), completedBy },
        { aggregateId: saved.id, occurredAt: this.clock.now() },
      );
      await this.audit.recordDone(tx, {
        actor: { userId: 'system', username: data.inspector.username, role: 'inspector' },
        action: 'milestone.complete',
        targetType: 'milestone',
        targetId: saved.id,
        before: milestoneSnapshot(milestone),
        after: milestoneSnapshot(saved),
        detail: `system: acceptance signed (inspection ${data.inspectionId}, event ${event.id})`,
      });
    }
  }
}
