import { Injectable } from '@nestjs/common';
import { GetDashboardRpc, type Actor, type Dashboard, type DashboardQuery } from '@duban/contracts';
import { RpcClient } from '@duban/platform';

/** Asks the projects service for a region's dashboard, for the caller (scope is enforced there). */
@Injectable()
export class DashboardService {
  constructor(private readonly rpc: RpcClient) {}

  get(actor: Actor, query: DashboardQuery): Promise<Dashboard> {
    return this.rpc.call(GetDashboardRpc, { actor, ...query });
  }
}
