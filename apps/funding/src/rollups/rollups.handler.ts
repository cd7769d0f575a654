import {
  GetAnnex4Rpc,
  GetFundingRollupRpc,
  ListFlaggedExpendituresRpc,
  type Annex4,
  type FlaggedExpenditures,
  type FundingRegionRequest,
  type Rollup,
} from '@duban/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RollupsService } from './rollups.service';

/** Rollups by region and the 附件4 table over RPC, for a region in the caller's scope. */
@Controller()
export class RollupsHandler {
  constructor(private readonly rollups: RollupsService) {}

  @MessagePattern(GetFundingRollupRpc.subject)
  rollup(@Payload() request: FundingRegionRequest): Promise<Rollup> {
    return this.rollups.rollup(request);
  }

  @MessagePattern(GetAnnex4Rpc.subject)
  annex4(@Payload() request: FundingRegionRequest): Promise<Annex4> {
    return this.rollups.annex4(request);
  }

  @MessagePattern(ListFlaggedExpendituresRpc.subject)
  flagged(@Payload() request: FundingRegionRequest): Promise<FlaggedExpenditures> {
    return this.rollups.flagged(request);
  }
}
