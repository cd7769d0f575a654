import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RemoveOfficerRpc, UpdateOfficerRpc, updateOfficerBodySchema } from '@duban/contracts';
import { ID } from '../core/route-params';
import { RpcRoute } from '../core/route.decorator';
import { docs } from './projects.docs';

/** A leading-group member by its own id (answered by the projects service, which checks scope and role). */
@ApiTags('projects')
@ApiBearerAuth()
@Controller('officers')
export class OfficersController {
  @RpcRoute(UpdateOfficerRpc, 'PATCH :id', {
    ...docs.updateOfficer,
    params: ID.officer,
    body: updateOfficerBodySchema,
    request: (actor, { id }, changes) => ({ actor, officerId: id, changes }),
  })
  update() {}

  @RpcRoute(RemoveOfficerRpc, 'DELETE :id', { ...docs.removeOfficer, params: ID.officer })
  remove() {}
}
