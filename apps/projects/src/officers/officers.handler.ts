import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListOfficersRpc, type OfficerView } from '@duban/contracts';
import type { z } from 'zod';
import { OfficersService } from './officers.service';

@Controller()
export class OfficersHandler {
  constructor(private readonly officers: OfficersService) {}

  @MessagePattern(ListOfficersRpc.subject)
  list(@Payload() request: z.infer<typeof ListOfficersRpc.request>): Promise<OfficerView[]> {
    return this.officers.list(request.actor, request.projectId);
  }
}
