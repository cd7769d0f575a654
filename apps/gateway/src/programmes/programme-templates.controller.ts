import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  GetProgrammeTemplateRpc,
  ListProgrammeTemplatesRpc,
  PutProgrammeTemplateRpc,
  programmeTemplateDefinitionSchema,
} from '@duban/contracts';
import { TEMPLATE_CODE } from '../core/route-params';
import { RpcRoute } from '../core/route.decorator';
import { docs } from './programmes.docs';

/** Saving a version re-plans the open milestones of the programmes that follow it: allow it more time. */
const SAVE_TIMEOUT_MS = 60_000;

/** Programme templates (versioned), kept by the projects service. */
@ApiTags('programmes')
@ApiBearerAuth()
@Controller('programme-templates')
export class ProgrammeTemplatesController {
  @RpcRoute(ListProgrammeTemplatesRpc, 'GET', docs.templates)
  list() {}

  @RpcRoute(GetProgrammeTemplateRpc, 'GET :code', {
    ...docs.template,
    params: TEMPLATE_CODE,
    request: (actor, { id }) => ({ actor, templateCode: id }),
  })
  get() {}

  @RpcRoute(PutProgrammeTemplateRpc, 'PUT :code', {
    ...docs.saveTemplate,
    params: TEMPLATE_CODE,
    body: programmeTemplateDefinitionSchema,
    roles: ['province_admin'],
    timeoutMs: SAVE_TIMEOUT_MS,
    request: (actor, { id }, body) => ({ actor, ...body, templateCode: id }),
  })
  put() {}
}
