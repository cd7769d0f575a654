import {
  CompleteMilestoneRpc,
  CreateMilestoneRpc,
  ListMilestonesRpc,
  ReopenMilestoneRpc,
  UpdateMilestoneRpc,
  type MilestoneView,
} from '@duban/contracts';
import { RpcHandler } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { MilestoneCompletionService } from './milestone-completion.service';
import { MilestonesService } from './milestones.service';

@Injectable()
export class MilestonesHandler {
  constructor(
    private readonly milestones: MilestonesService,
    private readonly completion: MilestoneCompletionService,
  ) {}

  @RpcHandler(ListMilestonesRpc)
  list(request: z.infer<typeof ListMilestonesRpc.request>): Promise<MilestoneView[]> {
    return this.milestones.list(request.actor, request.projectId);
  }

  @RpcHandler(CreateMilestoneRpc)
  create(request: z.infer<typeof CreateMilestoneRpc.request>): Promise<MilestoneView> {
    return this.milestones.create(request.actor, request.projectId, request.milestone);
  }

  @RpcHandler(UpdateMilestoneRpc)
  update(request: z.infer<typeof UpdateMilestoneRpc.request>): Promise<MilestoneView> {
    return this.milestones.update(request.actor, request.milestoneId, request.changes);
  }

  @RpcHandler(CompleteMilestoneRpc)
  complete(request: z.infer<typeof CompleteMilestoneRpc.request>): Promise<MilestoneView> {
    return this.completion.complete(request.actor, request.milestoneId, request.evidence);
  }

  @RpcHandler(ReopenMilestoneRpc)
  reopen(request: z.infer<typeof ReopenMilestoneRpc.request>): Promise<MilestoneView> {
    return this.completion.reopen(request.actor, request.milestoneId, request.reason);
  }
}
