import { ListRegionsRpc, type RegionView } from '@duban/contracts';
import { RpcHandler } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { RegionsService } from './regions.service';

@Injectable()
export class RegionsHandler {
  constructor(private readonly regions: RegionsService) {}

  @RpcHandler(ListRegionsRpc)
  list(request: z.infer<typeof ListRegionsRpc.request>): Promise<RegionView[]> {
    return this.regions.children(request.actor, request.parent);
  }
}
