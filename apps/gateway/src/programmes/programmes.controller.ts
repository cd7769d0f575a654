import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  ArchiveProgrammeRpc,
  CloseProgrammeRpc,
  CreateProgrammeRpc,
  ListProgrammesRpc,
  PutReportSettingsRpc,
  createProgrammeBodySchema,
  putReportSettingsBodySchema,
} from '@duban/contracts';
import { ID, QUERY } from '../core/route-params';
import { RpcRoute } from '../core/route.decorator';
import { docs } from './programmes.docs';

/** Setting up a year creates 117 projects and their milestones in one transaction: allow it more time. */
const CREATE_TIMEOUT_MS = 60_000;

/** Annual programmes, answered by the projects service (which enforces scope and roles). */
@ApiTags('programmes')
@ApiBearerAuth()
@Controller('programmes')
export class ProgrammesController {
  @RpcRoute(ListProgrammesRpc, 'GET', { ...docs.list, query: QUERY.programmes })
  list() {}

  @RpcRoute(CreateProgrammeRpc, 'POST', {
    ...docs.create,
    body: createProgrammeBodySchema,
    roles: ['province_admin'],
    timeoutMs: CREATE_TIMEOUT_MS,
  })
  create() {}

  @RpcRoute(CloseProgrammeRpc, 'POST :id/close', { ...docs.close, params: ID.programme, roles: ['province_admin'] })
  close() {}

  @RpcRoute(ArchiveProgrammeRpc, 'POST :id/archive', {
    ...docs.archive,
    params: ID.programme,
    roles: ['province_admin'],
  })
  archive() {}

  @RpcRoute(PutReportSettingsRpc, 'PUT :id/report-settings', {
    ...docs.reportSettings,
    params: ID.programme,
    body: putReportSettingsBodySchema,
    roles: ['province_admin'],
    // Every county's months not yet filed are announced again in the same transaction.
    timeoutMs: CREATE_TIMEOUT_MS,
  })
  reportSettings() {}
}
