import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetProjectAgendaRpc, type Actor, type ProjectAgenda } from '@duban/contracts';
import { AgendaService } from './agenda.service';

@Controller()
export class AgendaHandler {
  constructor(private readonly agenda: AgendaService) {}

  @MessagePattern(GetProjectAgendaRpc.subject)
  get(@Payload() request: { actor: Actor; projectId: string }): Promise<ProjectAgenda> {
    return this.agenda.of(request.actor, request.projectId);
  }
}
