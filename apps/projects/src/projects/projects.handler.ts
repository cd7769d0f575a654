import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetProjectRpc, ListProjectsRpc, UpdateProjectRpc, type ProjectView } from '@duban/contracts';
import type { z } from 'zod';
import { ProjectsService } from './projects.service';

@Controller()
export class ProjectsHandler {
  constructor(private readonly projects: ProjectsService) {}

  @MessagePattern(ListProjectsRpc.subject)
  list(@Payload() { actor, ...query }: z.infer<typeof ListProjectsRpc.request>): Promise<ProjectView[]> {
    return this.projects.list(actor, query);
  }

  @MessagePattern(GetProjectRpc.subject)
  get(@Payload() request: z.infer<typeof GetProjectRpc.request>): Promise<ProjectView> {
    return this.projects.get(request.actor, request.projectId);
  }

  @MessagePattern(UpdateProjectRpc.subject)
  update(@Payload() request: z.infer<typeof UpdateProjectRpc.request>): Promise<ProjectView> {
    return this.projects.update(request.actor, request.projectId, request.changes);
  }
}
