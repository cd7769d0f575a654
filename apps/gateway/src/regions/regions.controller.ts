import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ListRegionsRpc } from '@duban/contracts';
import { QUERY } from '../core/route-params';
import { RpcRoute } from '../core/route.decorator';
import { docs } from './regions.docs';

/** The region tree, answered by the projects service (which shows only what the caller's scope reaches). */
@ApiTags('regions')
@ApiBearerAuth()
@Controller('regions')
export class RegionsController {
  @RpcRoute(ListRegionsRpc, 'GET', { ...docs.list, query: QUERY.regions })
  list() {}
}
