import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetProgrammeTemplateRpc, ListProgrammeTemplatesRpc, PutProgrammeTemplateRpc } from '@duban/contracts';
import type { z } from 'zod';
import { ProgrammeTemplatesService } from './programme-templates.service';

@Controller()
export class ProgrammeTemplatesHandler {
  constructor(private readonly templates: ProgrammeTemplatesService) {}

  @MessagePattern(ListProgrammeTemplatesRpc.subject)
  list(): Promise<z.infer<typeof ListProgrammeTemplatesRpc.response>> {
    return this.templates.list();
  }

  @MessagePattern(GetProgrammeTemplateRpc.subject)
  get(
    @Payload() request: z.infer<typeof GetProgrammeTemplateRpc.request>,
  ): Promise<z.infer<typeof GetProgrammeTemplateRpc.response>> {
    return this.templates.get(request.templateCode);
  }

  @MessagePattern(PutProgrammeTemplateRpc.subject)
  put(
    @Payload() { actor, templateCode, ...definition }: z.infer<typeof PutProgrammeTemplateRpc.request>,
  ): Promise<z.infer<typeof PutProgrammeTemplateRpc.response>> {
    return this.templates.save(actor, templateCode, definition);
  }
}
