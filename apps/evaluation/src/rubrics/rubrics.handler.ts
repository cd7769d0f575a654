import { GetRubricRpc, type RubricView } from '@duban/contracts';
import { RpcHandler } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { RubricsService } from './rubrics.service';

@Injectable()
export class RubricsHandler {
  constructor(private readonly rubrics: RubricsService) {}

  @RpcHandler(GetRubricRpc)
  get(request: z.infer<typeof GetRubricRpc.request>): Promise<RubricView> {
    return this.rubrics.get(request.actor, request.rubricId);
  }
}
