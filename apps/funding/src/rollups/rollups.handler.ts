import {
  GetAnnex4Rpc,
  GetFundingRollupRpc,
  type Annex4,
  type FundingRegionRequest,
  type Rollup,
} from '@duban/contracts';
import { RpcHandler } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { RollupsService } from './rollups.service';

@Injectable()
export class RollupsHandler {
  constructor(private readonly rollups: RollupsService) {}

  @RpcHandler(GetFundingRollupRpc)
  rollup(request: FundingRegionRequest): Promise<Rollup> {
    return this.rollups.rollup(request);
  }

  @RpcHandler(GetAnnex4Rpc)
  annex4(request: FundingRegionRequest): Promise<Annex4> {
    return this.rollups.annex4(request);
  }
}
