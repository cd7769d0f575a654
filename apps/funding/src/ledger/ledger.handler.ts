import {
  GetProjectFundingRpc,
  RecordDisbursementRpc,
  RecordExpenditureRpc,
  ReverseDisbursementRpc,
  ReverseExpenditureRpc,
  SetAllocationsRpc,
  type DisbursementView,
  type ExpenditureView,
  type GetProjectFundingRequest,
  type ProjectFunding,
  type RecordDisbursementRequest,
  type RecordExpenditureRequest,
  type ReverseDisbursementRequest,
  type ReverseExpenditureRequest,
  type SetAllocationsRequest,
} from '@duban/contracts';
import { RpcHandler } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { LedgerService } from './ledger.service';
import { ReversalsService } from './reversals.service';

/** A county's funding: the subjects the funding service answers (requests arrive parsed by their contract). */
@Injectable()
export class LedgerHandler {
  constructor(
    private readonly ledger: LedgerService,
    private readonly reversals: ReversalsService,
  ) {}

  @RpcHandler(GetProjectFundingRpc)
  get(request: GetProjectFundingRequest): Promise<ProjectFunding> {
    return this.ledger.get(request);
  }

  @RpcHandler(RecordExpenditureRpc)
  recordExpenditure(request: RecordExpenditureRequest): Promise<ExpenditureView> {
    return this.ledger.recordExpenditure(request);
  }

  @RpcHandler(RecordDisbursementRpc)
  recordDisbursement(request: RecordDisbursementRequest): Promise<DisbursementView> {
    return this.ledger.recordDisbursement(request);
  }

  @RpcHandler(SetAllocationsRpc)
  setAllocations(request: SetAllocationsRequest): Promise<ProjectFunding> {
    return this.ledger.setAllocations(request);
  }

  @RpcHandler(ReverseExpenditureRpc)
  reverseExpenditure(request: ReverseExpenditureRequest): Promise<ExpenditureView> {
    return this.reversals.reverseExpenditure(request);
  }

  @RpcHandler(ReverseDisbursementRpc)
  reverseDisbursement(request: ReverseDisbursementRequest): Promise<DisbursementView> {
    return this.reversals.reverseDisbursement(request);
  }
}
