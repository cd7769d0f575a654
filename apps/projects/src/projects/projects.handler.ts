import { GetProjectRpc, ListProjectsRpc, UpdateProjectRpc, type ProjectView } from '@duban/contracts';
import { RpcHandler } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { ProjectsService } from './projects.service';

@Injectable()
export class ProjectsHandler {
  constructor(private readonly projects: ProjectsService) {}

  @RpcHandler(ListProjectsRpc)
  list({ actor, ...query }: z.infer<typeof ListProjectsRpc.request>): Promise<ProjectView[]> {
    return this.projects.list(actor, query);
  }

  @RpcHandler(GetProjectRpc)
  get(request: z.infer<typeof GetProjectRpc.request>): Promise<ProjectView> {
    return this.projects.get(request.actor, request.projectId);
  }

  @RpcHandler(UpdateProjectRpc)
  update(request: z.infer<typeof UpdateProjectRpc.request>): Promise<ProjectView> {
    return this.projects.update(request.actor, request.projectId, request.changes);
  }
}
