import { CreateProgrammeRpc, ListProgrammesRpc, type ProgrammeView } from '@duban/contracts';
import { RpcHandler } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { ProgrammesService } from './programmes.service';

@Injectable()
export class ProgrammesHandler {
  constructor(private readonly programmes: ProgrammesService) {}

  @RpcHandler(ListProgrammesRpc)
  list(request: z.infer<typeof ListProgrammesRpc.request>): Promise<ProgrammeView[]> {
    return this.programmes.list(request.actor);
  }

  @RpcHandler(CreateProgrammeRpc)
  create({ actor, ...body }: z.infer<typeof CreateProgrammeRpc.request>): Promise<ProgrammeView> {
    return this.programmes.createNextYear(actor, body);
  }
}
