import { ListOfficersRpc, type OfficerView } from '@duban/contracts';
import { RpcHandler } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { OfficersService } from './officers.service';

@Injectable()
export class OfficersHandler {
  constructor(private readonly officers: OfficersService) {}

  @RpcHandler(ListOfficersRpc)
  list(request: z.infer<typeof ListOfficersRpc.request>): Promise<OfficerView[]> {
    return this.officers.list(request.actor, request.projectId);
  }
}
