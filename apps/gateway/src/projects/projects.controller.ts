import { Controller, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  GetProjectRpc,
  ListOfficersRpc,
  CreateOfficerRpc,
  createOfficerBodySchema,
  ListProjectsRpc,
  UpdateProjectRpc,
  updateProjectBodySchema,
  type Actor,
} from '@duban/contracts';
import { openApiSchema, PROBLEM } from '../core/openapi-schema';
import { ID, QUERY } from '../core/route-params';
import { HttpRoute, RpcRoute } from '../core/route.decorator';
import { ProjectDetails } from './project-details';
import { docs } from './projects.docs';

/**
 * County projects, answered by the projects service (which enforces scope and roles); one project's read from
 * the gateway's read model when it holds the project (ProjectDetails), with the same answer.
 */
@ApiTags('projects')
@ApiBearerAuth()
@ApiResponse({ status: 400, description: PROBLEM.badRequest })
@Controller('projects')
export class ProjectsController {
  constructor(private readonly details: ProjectDetails) {}

  @RpcRoute(ListProjectsRpc, 'GET', { ...docs.list, query: QUERY.projects })
  list() {}

  /** The read model's JSON text, sent as is (a problem replaces the content type with its own). */
  @HttpRoute('GET :id', { ...docs.get, params: ID.project, answer: openApiSchema(GetProjectRpc.response, 'output') })
  @Header('content-type', 'application/json; charset=utf-8')
  get(actor: Actor, { id }: { id: string }): string | Promise<string> {
    return this.details.json(actor, id);
  }

  @RpcRoute(UpdateProjectRpc, 'PATCH :id', {
    ...docs.update,
    params: ID.project,
    body: updateProjectBodySchema,
    request: (actor, { id }, changes) => ({ actor, projectId: id, changes }),
  })
  update() {}

  @RpcRoute(ListOfficersRpc, 'GET :id/officers', { ...docs.officers, params: ID.project })
  officers() {}

  @RpcRoute(CreateOfficerRpc, 'POST :id/officers', {
    ...docs.addOfficer,
    params: ID.project,
    body: createOfficerBodySchema,
    request: (actor, { id }, officer) => ({ actor, projectId: id, officer }),
  })
  addOfficer() {}
}
