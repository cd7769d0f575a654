import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListRegionsRpc, type RegionView } from '@duban/contracts';
import type { z } from 'zod';
import { RegionsService } from './regions.service';

@Controller()
export class RegionsHandler {
  constructor(private readonly regions: RegionsService) {}

  @MessagePattern(ListRegionsRpc.subject)
  list(@Payload() request: z.infer<typeof ListRegionsRpc.request>): Promise<RegionView[]> {
    return this.regions.children(request.actor, request.parent);
  }
}
