import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  GetProjectRpc,
  ListOfficersRpc,
  CreateOfficerRpc,
  createOfficerBodySchema,
  ListProjectsRpc,
  UpdateProjectRpc,
  updateProjectBodySchema,
} from '@duban/contracts';
import { PROBLEM } from '../core/openapi-schema';
import { ID, QUERY } from '../core/route-params';
import { RpcRoute } from '../core/route.decorator';
import { docs } from './projects.docs';

/** County projects, answered by the projects service (which enforces scope and roles). */
@ApiTags('projects')
@ApiBearerAuth()
@ApiResponse({ status: 400, description: PROBLEM.badRequest })
@Controller('projects')
export class ProjectsController {
  @RpcRoute(ListProjectsRpc, 'GET', { ...docs.list, query: QUERY.projects })
  list() {}

  @RpcRoute(GetProjectRpc, 'GET :id', { ...docs.get, params: ID.project })
  get() {}

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
