import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateProgrammeRpc, ListProgrammesRpc, type ProgrammeView } from '@duban/contracts';
import type { z } from 'zod';
import { ProgrammesService } from './programmes.service';

@Controller()
export class ProgrammesHandler {
  constructor(private readonly programmes: ProgrammesService) {}

  @MessagePattern(ListProgrammesRpc.subject)
  list(@Payload() request: z.infer<typeof ListProgrammesRpc.request>): Promise<ProgrammeView[]> {
    return this.programmes.list(request.actor);
  }

  @MessagePattern(CreateProgrammeRpc.subject)
  create(@Payload() { actor, ...body }: z.infer<typeof CreateProgrammeRpc.request>): Promise<ProgrammeView> {
    return this.programmes.createNextYear(actor, body);
  }
}
