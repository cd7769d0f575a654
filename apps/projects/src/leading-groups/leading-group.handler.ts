import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateOfficerRpc, RemoveOfficerRpc, UpdateOfficerRpc, type OfficerView } from '@duban/contracts';
import type { z } from 'zod';
import { LeadingGroupService } from './leading-group.service';

@Controller()
export class LeadingGroupHandler {
  constructor(private readonly leadingGroup: LeadingGroupService) {}

  @MessagePattern(CreateOfficerRpc.subject)
  create(@Payload() request: z.infer<typeof CreateOfficerRpc.request>): Promise<OfficerView> {
    return this.leadingGroup.create(request.actor, request.projectId, request.officer);
  }

  @MessagePattern(UpdateOfficerRpc.subject)
  update(@Payload() request: z.infer<typeof UpdateOfficerRpc.request>): Promise<OfficerView> {
    return this.leadingGroup.update(request.actor, request.officerId, request.changes);
  }

  @MessagePattern(RemoveOfficerRpc.subject)
  remove(@Payload() request: z.infer<typeof RemoveOfficerRpc.request>): Promise<{ removed: true }> {
    return this.leadingGroup.remove(request.actor, request.officerId);
  }
}
