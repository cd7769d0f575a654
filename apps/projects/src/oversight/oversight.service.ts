import {
  ConflictError,
  InstructionAcknowledged,
  MilestoneInstructed,
  MilestoneUrged,
  NotFoundError,
  type Actor,
  type MilestoneInstruction,
  type MilestoneOversight,
  type MilestoneUrge,
} from '@duban/contracts';
import { Access, AuditLog, Clock, Outbox, Transactions, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { chineseDateTime } from '@duban/calendar';
import { eventActor } from '../milestones/event-actor-view';
import {
  MilestoneAccessService,
  MILESTONE_NOT_FOUND,
  type MilestoneForWrite,
} from '../milestones/milestone-access.service';
import { milestoneFacts } from '../milestones/milestone-facts-view';
import { MilestonesRepository } from '../milestones/milestones.repository';
import { OfficersRepository } from '../officers/officers.repository';
import { ProjectAccessService } from '../projects/project-access.service';
import { RegionScope } from '../scope/region-scope.service';
import { mayAcknowledge, mayOversee, nextUrgeAt } from './oversight-rules';
import { instructionView, urgeView } from './oversight-view';
import { OversightRepository } from './oversight.repository';

const MAY_NOT_OVERSEE = '只有市、省级人员或本县领导小组组长可以催办或批示';
const INSTRUCTION_NOT_FOUND = '批示不存在';

/**
 * 催办 and 批示: each one transaction holding the record, its event (the notifications service tells the
 * people) and its audit row, under the milestone's row lock, so two urgings at once cannot both pass the
 * once-an-hour rule.
 */
@Injectable()
export class OversightService {
  constructor(
    private readonly transactions: Transactions,
    private readonly milestoneAccess: MilestoneAccessService,
    private readonly milestones: MilestonesRepository,
    private readonly projectAccess: ProjectAccessService,
    private readonly officers: OfficersRepository,
    private readonly scope: RegionScope,
    private readonly repository: OversightRepository,
    private readonly access: Access,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async urge(actor: Actor, milestoneId: string, message: string | undefined): Promise<MilestoneUrge> {
    return this.transactions.runAndAnswer(async (tx) => {
      const action = 'milestone.urge';
      const loaded = await this.loadForOversight(tx, actor, milestoneId, action);
      const { milestone, context, officers } = loaded;
      if (milestone.status === 'done') throw new ConflictError(`「${milestone.title}」已完成，无需催办`);
      const now = this.clock.now();
      const [last] = await this.repository.urgesOf(tx, milestone.id);
      const next = nextUrgeAt(last?.urgedAt ?? null, now);
      if (next) {
        throw new ConflictError(
          `「${milestone.title}」已于 ${chineseDateTime(last!.urgedAt)} 催办，同一节点每小时最多催办一次，请于 ${chineseDateTime(next)} 后再催办`,
        );
      }
      const urge = await this.repository.insertUrge(tx, {
        id: uuidv7(),
        milestoneId: milestone.id,
        message: message ?? '',
        urgedAt: now,
        urgedBy: eventActor(actor),
      });
      await this.outbox.append(
        tx,
        MilestoneUrged,
        {
          ...milestoneFacts(context, milestone, officers),
          urgeId: urge.id,
          message: urge.message,
          urgedAt: now.toISOString(),
          urgedBy: eventActor(actor),
        },
        { aggregateId: milestone.id, occurredAt: now },
      );
      await this.audit.recordDone(tx, {
        actor,
        action,
        targetType: 'milestone',
        targetId: milestone.id,
        after: { urgeId: urge.id, message: urge.message },
      });
      return urgeView(urge);
    });
  }

  async instruct(actor: Actor, milestoneId: string, text: string): Promise<MilestoneInstruction> {
    return this.transactions.runAndAnswer(async (tx) => {
      const action = 'milestone.instruct';
      const { milestone, context, officers } = await this.loadForOversight(tx, actor, milestoneId, action);
      const now = this.clock.now();
      const instruction = await this.repository.insertInstruction(tx, {
        id: uuidv7(),
        milestoneId: milestone.id,
        text,
        writtenAt: now,
        writtenBy: eventActor(actor),
        acknowledgedAt: null,
        acknowledgedBy: null,
      });
      await this.outbox.append(
        tx,
        MilestoneInstructed,
        {
          ...milestoneFacts(context, milestone, officers),
          instructionId: instruction.id,
          text,
          writtenAt: now.toISOString(),
          writtenBy: eventActor(actor),
        },
        { aggregateId: milestone.id, occurredAt: now },
      );
      await this.audit.recordDone(tx, {
        actor,
        action,
        targetType: 'milestone',
        targetId: milestone.id,
        after: { instructionId: instruction.id, text },
      });
      return instructionView(instruction);
    });
  }

  async acknowledge(actor: Actor, instructionId: string): Promise<MilestoneInstruction> {
    return this.transactions.runAndAnswer(async (tx) => {
      const action = 'instruction.acknowledge';
      const found = await this.repository.findInstruction(tx, instructionId);
      if (!found) throw new NotFoundError(INSTRUCTION_NOT_FOUND);
      const { milestone, context, officers } = await this.milestoneAccess.loadForWrite(
        tx,
        actor,
        found.milestoneId,
        action,
      );
      await this.access.requireRole(
        { actor, action, targetType: 'instruction', targetId: instructionId },
        mayAcknowledge(actor, officers),
        '只有本县专班或领导小组成员可以签收批示',
      );
      // Read again under the milestone's lock: two acknowledgements at once, one wins.
      const instruction = (await this.repository.findInstruction(tx, instructionId))!;
      if (instruction.acknowledgedAt) {
        throw new ConflictError(
          `该批示已由${instruction.acknowledgedBy?.displayName ?? ''}于 ${chineseDateTime(instruction.acknowledgedAt)} 签收`,
        );
      }
      const now = this.clock.now();
      const saved = await this.repository.acknowledge(tx, instructionId, now, eventActor(actor));
      await this.outbox.append(
        tx,
        InstructionAcknowledged,
        {
          ...milestoneFacts(context, milestone, officers),
          instructionId,
          text: saved.text,
          writtenBy: saved.writtenBy,
          acknowledgedAt: now.toISOString(),
          acknowledgedBy: eventActor(actor),
        },
        { aggregateId: milestone.id, occurredAt: now },
      );
      await this.audit.recordDone(tx, {
        actor,
        action,
        targetType: 'instruction',
        targetId: instructionId,
        before: { acknowledgedAt: null },
        after: { acknowledgedAt: now.toISOString() },
      });
      return instructionView(saved);
    });
  }

  /** The item's urgings and instructions, for whoever may see the milestone. */
  async ofMilestone(actor: Actor, milestoneId: string): Promise<MilestoneOversight> {
    const tx = this.transactions.none;
    const milestone = await this.milestones.findById(tx, milestoneId);
    const context = milestone ? await this.projectAccess.findContext(tx, milestone.projectId) : null;
    const path = context ? await this.scope.regionPath(tx, context.county.code) : [];
    await this.access.requireInScope(
      { actor, action: 'milestone.oversight.read', targetType: 'milestone', targetId: milestoneId },
      context,
      () => path,
      MILESTONE_NOT_FOUND,
    );
    const urges = await this.repository.urgesOf(tx, milestoneId);
    const officers = context ? await this.officers.findByProject(tx, context.project.id) : [];
    const next = mayOversee(actor, officers) ? nextUrgeAt(urges[0]?.urgedAt ?? null, this.clock.now()) : null;
    return {
      urges: urges.map(urgeView),
      instructions: (await this.repository.instructionsOf(tx, milestoneId)).map(instructionView),
      nextUrgeAt: next ? next.toISOString() : null,
    };
  }

  private async loadForOversight(
    tx: Tx,
    actor: Actor,
    milestoneId: string,
    action: string,
  ): Promise<MilestoneForWrite> {
    const loaded = await this.milestoneAccess.loadForWrite(tx, actor, milestoneId, action);
    await this.access.requireRole(
      { actor, action, targetType: 'milestone', targetId: milestoneId },
      mayOversee(actor, loaded.officers),
      MAY_NOT_OVERSEE,
    );
    return loaded;
  }
}
