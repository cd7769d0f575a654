import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  InstructionAcknowledged,
  MilestoneInstructed,
  MilestoneUrged,
  type Envelope,
  type InstructionAcknowledgedData,
  type MilestoneInstructedData,
  type MilestoneUrgedData,
} from '@duban/contracts';
import type { EventContext } from '@duban/platform';
import { DEADLINE_EVENT_CONSUMERS } from '../deadlines/deadline-sources.rules';
import type { Recipient } from '../recipients/recipient.rules';
import { acknowledgedMessage, instructionMessage, urgeMessage } from './oversight-message.rules';
import { OversightNotices } from './oversight-notices.service';

/** On the milestone events' own consumer, so a notice always finds the deadline its milestone set. */
const DURABLE = { durable: DEADLINE_EVENT_CONSUMERS.projects };

/**
 * 催办 and 批示 from the projects service, told at once: an urging to the milestone's responsible officers; an
 * instruction to them, the county's 组长 and its officers (专班, by role), who must acknowledge it; the
 * acknowledgement to whoever wrote the instruction.
 */
@Controller()
export class OversightEventsSubscriber {
  constructor(private readonly notices: OversightNotices) {}

  @EventPattern(MilestoneUrged.type, DURABLE)
  async urged(@Payload() event: Envelope<MilestoneUrgedData>, @Ctx() ctx: EventContext): Promise<void> {
    const { data } = event;
    await this.notices.send(ctx.tx, {
      facts: data,
      stage: `urge-${data.urgeId}`,
      recipients: (facts) => [...facts.responsible],
      message: (facts) => urgeMessage(facts, data.urgedBy, data.message, new Date(data.urgedAt)),
      at: new Date(data.urgedAt),
    });
  }

  @EventPattern(MilestoneInstructed.type, DURABLE)
  async instructed(@Payload() event: Envelope<MilestoneInstructedData>, @Ctx() ctx: EventContext): Promise<void> {
    const { data } = event;
    await this.notices.send(ctx.tx, {
      facts: data,
      stage: `instruction-${data.instructionId}`,
      recipients: (facts) => [
        ...facts.responsible,
        ...(facts.countyLeader ? [facts.countyLeader] : []),
        { kind: 'role', role: 'county_officer', regionCode: data.regionCode } satisfies Recipient,
      ],
      message: (facts) => instructionMessage(facts, data.writtenBy, data.text),
      at: new Date(data.writtenAt),
    });
  }

  @EventPattern(InstructionAcknowledged.type, DURABLE)
  async acknowledged(@Payload() event: Envelope<InstructionAcknowledgedData>, @Ctx() ctx: EventContext): Promise<void> {
    const { data } = event;
    await this.notices.send(ctx.tx, {
      facts: data,
      stage: `acknowledged-${data.instructionId}`,
      recipients: () => [{ kind: 'user', username: data.writtenBy.username, name: data.writtenBy.displayName }],
      message: (facts) => acknowledgedMessage(facts, data.acknowledgedBy, data.text, new Date(data.acknowledgedAt)),
      at: new Date(data.acknowledgedAt),
    });
  }
}
