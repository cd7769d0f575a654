import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CreateProgrammeRpc, ListProgrammesRpc, createProgrammeBodySchema } from '@duban/contracts';
import { RpcRoute } from '../core/route.decorator';
import { docs } from './programmes.docs';

/** Setting up a year creates 117 projects and their milestones in one transaction: allow it more time. */
const CREATE_TIMEOUT_MS = 60_000;

/** Annual programmes, answered by the projects service (which enforces scope and roles). */
@ApiTags('programmes')
@ApiBearerAuth()
@Controller('programmes')
export class ProgrammesController {
  @RpcRoute(ListProgrammesRpc, 'GET', docs.list)
  list() {}

  @RpcRoute(CreateProgrammeRpc, 'POST', {
    ...docs.create,
    body: createProgrammeBodySchema,
    roles: ['province_admin'],
    timeoutMs: CREATE_TIMEOUT_MS,
  })
  create() {}
}
