import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ArchiveProgrammeRpc,
  CloseProgrammeRpc,
  CreateProgrammeRpc,
  ListProgrammesRpc,
  type ProgrammeView,
} from '@duban/contracts';
import type { z } from 'zod';
import { ProgrammesService } from './programmes.service';

@Controller()
export class ProgrammesHandler {
  constructor(private readonly programmes: ProgrammesService) {}

  @MessagePattern(ListProgrammesRpc.subject)
  list(@Payload() request: z.infer<typeof ListProgrammesRpc.request>): Promise<ProgrammeView[]> {
    return this.programmes.list(request.actor, { archived: request.archived === 'true' });
  }

  @MessagePattern(CreateProgrammeRpc.subject)
  create(@Payload() { actor, ...body }: z.infer<typeof CreateProgrammeRpc.request>): Promise<ProgrammeView> {
    return this.programmes.create(actor, body);
  }

  @MessagePattern(CloseProgrammeRpc.subject)
  close(@Payload() request: z.infer<typeof CloseProgrammeRpc.request>): Promise<ProgrammeView> {
    return this.programmes.close(request.actor, request.programmeId);
  }

  @MessagePattern(ArchiveProgrammeRpc.subject)
  archive(@Payload() request: z.infer<typeof ArchiveProgrammeRpc.request>): Promise<ProgrammeView> {
    return this.programmes.archive(request.actor, request.programmeId);
  }
}
