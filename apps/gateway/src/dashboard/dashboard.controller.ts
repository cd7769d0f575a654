import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { GetDashboardRpc } from '@duban/contracts';
import { QUERY } from '../core/route-params';
import { RpcRoute } from '../core/route.decorator';
import { docs } from './dashboard.docs';

/** A region's dashboard, answered by the projects service (which enforces scope). */
@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  @RpcRoute(GetDashboardRpc, 'GET', { ...docs.get, query: QUERY.dashboard })
  get() {}
}
