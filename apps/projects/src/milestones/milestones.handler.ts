import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CompleteMilestoneRpc,
  CreateMilestoneRpc,
  ListMilestonesRpc,
  ReopenMilestoneRpc,
  UpdateMilestoneRpc,
  type MilestoneView,
} from '@duban/contracts';
import type { z } from 'zod';
import { MilestoneCompletionService } from './milestone-completion.service';
import { MilestonesService } from './milestones.service';

@Controller()
export class MilestonesHandler {
  constructor(
    private readonly milestones: MilestonesService,
    private readonly completion: MilestoneCompletionService,
  ) {}

  @MessagePattern(ListMilestonesRpc.subject)
  list(@Payload() request: z.infer<typeof ListMilestonesRpc.request>): Promise<MilestoneView[]> {
    return this.milestones.list(request.actor, request.projectId);
  }

  @MessagePattern(CreateMilestoneRpc.subject)
  create(@Payload() request: z.infer<typeof CreateMilestoneRpc.request>): Promise<MilestoneView> {
    return this.milestones.create(request.actor, request.projectId, request.milestone);
  }

  @MessagePattern(UpdateMilestoneRpc.subject)
  update(@Payload() request: z.infer<typeof UpdateMilestoneRpc.request>): Promise<MilestoneView> {
    return this.milestones.update(request.actor, request.milestoneId, request.changes);
  }

  @MessagePattern(CompleteMilestoneRpc.subject)
  complete(@Payload() request: z.infer<typeof CompleteMilestoneRpc.request>): Promise<MilestoneView> {
    return this.completion.complete(request.actor, request.milestoneId, request.evidence);
  }

  @MessagePattern(ReopenMilestoneRpc.subject)
  reopen(@Payload() request: z.infer<typeof ReopenMilestoneRpc.request>): Promise<MilestoneView> {
    return this.completion.reopen(request.actor, request.milestoneId, request.reason);
  }
}
