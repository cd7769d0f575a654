import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AcknowledgeInstructionRpc,
  GetMilestoneOversightRpc,
  InstructMilestoneRpc,
  UrgeMilestoneRpc,
  type Actor,
  type MilestoneInstruction,
  type MilestoneOversight,
  type MilestoneUrge,
} from '@duban/contracts';
import { OversightService } from './oversight.service';

/** 催办 and 批示 on milestones. */
@Controller()
export class OversightHandler {
  constructor(private readonly oversight: OversightService) {}

  @MessagePattern(UrgeMilestoneRpc.subject)
  urge(@Payload() request: { actor: Actor; milestoneId: string; message?: string }): Promise<MilestoneUrge> {
    return this.oversight.urge(request.actor, request.milestoneId, request.message);
  }

  @MessagePattern(InstructMilestoneRpc.subject)
  instruct(@Payload() request: { actor: Actor; milestoneId: string; text: string }): Promise<MilestoneInstruction> {
    return this.oversight.instruct(request.actor, request.milestoneId, request.text);
  }

  @MessagePattern(AcknowledgeInstructionRpc.subject)
  acknowledge(@Payload() request: { actor: Actor; instructionId: string }): Promise<MilestoneInstruction> {
    return this.oversight.acknowledge(request.actor, request.instructionId);
  }

  @MessagePattern(GetMilestoneOversightRpc.subject)
  get(@Payload() request: { actor: Actor; milestoneId: string }): Promise<MilestoneOversight> {
    return this.oversight.ofMilestone(request.actor, request.milestoneId);
  }
}
