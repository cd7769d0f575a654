import {
  InspectionPassed,
  MilestoneCompleted,
  Streams,
  type EventActor,
  type Envelope,
  type InspectionPassedData,
} from '@duban/contracts';
import { AuditLog, EventSubscriber, OnEvent, Outbox } from '@duban/platform';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { milestoneFacts } from '../milestones/milestone-facts';
import { milestoneSnapshot } from '../milestones/milestone-view';
import { MilestonesRepository } from '../milestones/milestones.repository';
import { OfficersRepository } from '../officers/officers.repository';
import { ProjectsRepository } from '../projects/projects.repository';

/**
 * Completes a county's acceptance milestone (the template milestone with `completesOn: 'acceptance_signed'`,
 * 迎接市局验收检查) when the evaluation service announces a passed, countersigned inspection. Runs inside
 * the consumer's transaction with the inbox row, so a redelivered event does nothing; a second passing
 * inspection (a re-inspection) finds the milestone done and changes nothing either: one completion, one
 * MilestoneCompleted. The signed acceptance is the evidence, so prerequisites are not waited for.
 *
 * The durable name lives in the broker and the inbox table: it is stable.
 */
@Injectable()
@EventSubscriber({ durable: 'projects-acceptance', stream: Streams.evaluation })
export class AcceptanceSignedSubscriber {
  private readonly logger = new Logger(AcceptanceSignedSubscriber.name);

  constructor(
    private readonly projects: ProjectsRepository,
    private readonly milestones: MilestonesRepository,
    private readonly officers: OfficersRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  @OnEvent(InspectionPassed)
  async onInspectionPassed(event: Envelope<InspectionPassedData>, manager: EntityManager): Promise<void> {
    const { data } = event;
    const context = await this.projects.findContextInScope(data.projectId, new Set([data.regionCode]), { manager });
    if (!context) throw new Error(`Inspection ${data.inspectionId} passed for unknown project ${data.projectId} (${data.regionCode})`);
    const keys = new Set(
      context.programme.milestoneTemplate.filter((item) => item.completesOn === 'acceptance_signed').map((item) => item.key),
    );
    const candidates = (await this.milestones.findByProject(data.projectId, manager)).filter(
      (milestone) => milestone.key !== null && keys.has(milestone.key),
    );
    if (candidates.length === 0) {
      this.logger.warn(`Project ${data.projectId} has no milestone completed by a signed acceptance; nothing to do`);
      return;
    }
    const officers = await this.officers.findByProject(data.projectId, manager);
    // The signing inspector, acting through the system: who the trail and the event name as completing it.
    const completedBy: EventActor = {
      userId: 'system',
      username: data.inspector.username,
      displayName: data.inspector.name,
      role: 'inspector',
    };
    for (const candidate of candidates) {
      const milestone = await this.milestones.findInScope(candidate.id, new Set([data.regionCode]), { manager, lock: true });
      if (!milestone || milestone.status === 'done') continue;
      const before = milestoneSnapshot(milestone);
      const completedAt = new Date(data.signedAt);
      milestone.status = 'done';
      milestone.completedAt = completedAt;
      milestone.completedBy = data.inspector.username;
      milestone.evidence = {
        text:
          `验收检查签字通过：总分 ${data.total} 分（满分 ${data.maxTotal} 分，合格线 ${data.passThreshold} 分）；` +
          `验收组 ${data.inspector.name} 签字，县级专班 ${data.countersignedBy.name} 会签`,
        attachments: [{ name: '验收检查', ref: `inspection:${data.inspectionId}` }],
        recordedBy: { userId: 'system', username: data.inspector.username, displayName: data.inspector.name },
      };
      milestone.updatedAt = this.clock.now();
      const saved = await this.milestones.save(manager, milestone);
      await this.outbox.append(
        manager,
        MilestoneCompleted,
        { ...milestoneFacts(context, saved, officers), completedAt: completedAt.toISOString(), completedBy },
        { aggregateId: saved.id },
      );
      await this.audit.recordDone(manager, {
        actor: { userId: 'system', username: data.inspector.username, role: 'inspector' },
        action: 'milestone.complete',
        targetType: 'milestone',
        targetId: saved.id,
        before,
        after: milestoneSnapshot(saved),
        detail: `system: acceptance signed (inspection ${data.inspectionId}, event ${event.id})`,
      });
    }
  }
}
