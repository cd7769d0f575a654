import { GetRubricRpc, ListRubricsRpc, type RubricVersionView, type RubricView } from '@duban/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { RubricsService } from './rubrics.service';

@Controller()
export class RubricsHandler {
  constructor(private readonly rubrics: RubricsService) {}

  @MessagePattern(GetRubricRpc.subject)
  get(@Payload() request: z.infer<typeof GetRubricRpc.request>): Promise<RubricView> {
    return this.rubrics.get(request.actor, request.rubricId);
  }

  @MessagePattern(ListRubricsRpc.subject)
  list(): Promise<{ items: RubricVersionView[] }> {
    return this.rubrics.list();
  }
}
