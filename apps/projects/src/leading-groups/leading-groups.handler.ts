import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ImportLeadingGroupsRpc, ListLeadingGroupsRpc, type ImportReport, type LeadingGroups } from '@duban/contracts';
import type { z } from 'zod';
import { LeadingGroupsService } from './leading-groups.service';

@Controller()
export class LeadingGroupsHandler {
  constructor(private readonly groups: LeadingGroupsService) {}

  @MessagePattern(ListLeadingGroupsRpc.subject)
  list(@Payload() request: z.infer<typeof ListLeadingGroupsRpc.request>): Promise<LeadingGroups> {
    return this.groups.list(request.actor, request.region);
  }

  @MessagePattern(ImportLeadingGroupsRpc.subject)
  import(@Payload() request: z.infer<typeof ImportLeadingGroupsRpc.request>): Promise<ImportReport> {
    return this.groups.import(request.actor, request.mode, request.rows);
  }
}
