import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CompleteMilestoneRpc,
  CreateMilestoneRpc,
  ListMilestonesRpc,
  ReopenMilestoneRpc,
  UpdateMilestoneRpc,
  completeMilestoneBodySchema,
  createMilestoneBodySchema,
  reopenMilestoneBodySchema,
  updateMilestoneBodySchema,
} from '@duban/contracts';
import { PROBLEM } from '../core/openapi-schema';
import { ID } from '../core/route-params';
import { RpcRoute } from '../core/route.decorator';
import { docs } from './milestones.docs';

/** A project's milestones, answered by the projects service (which enforces scope and roles). */
@ApiTags('milestones')
@ApiBearerAuth()
@ApiResponse({ status: 400, description: PROBLEM.badRequest })
@Controller()
export class MilestonesController {
  @RpcRoute(ListMilestonesRpc, 'GET projects/:id/milestones', { ...docs.list, params: ID.project })
  list() {}

  @RpcRoute(CreateMilestoneRpc, 'POST projects/:id/milestones', {
    ...docs.create,
    params: ID.project,
    body: createMilestoneBodySchema,
    request: (actor, { id }, milestone) => ({ actor, projectId: id, milestone }),
  })
  create() {}

  @RpcRoute(UpdateMilestoneRpc, 'PATCH milestones/:id', {
    ...docs.update,
    params: ID.milestone,
    body: updateMilestoneBodySchema,
    request: (actor, { id }, changes) => ({ actor, milestoneId: id, changes }),
  })
  update() {}

  @RpcRoute(CompleteMilestoneRpc, 'POST milestones/:id/complete', {
    ...docs.complete,
    params: ID.milestone,
    body: completeMilestoneBodySchema,
    status: 200,
  })
  complete() {}

  @RpcRoute(ReopenMilestoneRpc, 'POST milestones/:id/reopen', {
    ...docs.reopen,
    params: ID.milestone,
    body: reopenMilestoneBodySchema,
    status: 200,
  })
  reopen() {}
}
