import { Injectable } from '@nestjs/common';
import { GetDashboardRpc, type Dashboard, type GetDashboardRequest } from '@duban/contracts';
import { RpcHandler } from '@duban/platform';
import { DashboardService } from './dashboard.service';

@Injectable()
export class DashboardHandler {
  constructor(private readonly dashboard: DashboardService) {}

  @RpcHandler(GetDashboardRpc)
  get(request: GetDashboardRequest): Promise<Dashboard> {
    return this.dashboard.get(request);
  }
}
