import {
  GetProjectFundingRpc,
  ListExpendituresRpc,
  RecordDisbursementRpc,
  RecordExpenditureRpc,
  ReverseDisbursementRpc,
  ReverseExpenditureRpc,
  SetAllocationsRpc,
  type DisbursementView,
  type ExpenditurePage,
  type ExpenditureView,
  type GetProjectFundingRequest,
  type ListExpendituresRequest,
  type ProjectFunding,
  type RecordDisbursementRequest,
  type RecordExpenditureRequest,
  type ReverseDisbursementRequest,
  type ReverseExpenditureRequest,
  type SetAllocationsRequest,
} from '@duban/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LedgerService } from './ledger.service';
import { ReversalsService } from './reversals.service';

/** A county's funding: the subjects the funding service answers (requests arrive parsed by their contract). */
@Controller()
export class LedgerHandler {
  constructor(
    private readonly ledger: LedgerService,
    private readonly reversals: ReversalsService,
  ) {}

  @MessagePattern(GetProjectFundingRpc.subject)
  get(@Payload() request: GetProjectFundingRequest): Promise<ProjectFunding> {
    return this.ledger.get(request);
  }

  @MessagePattern(ListExpendituresRpc.subject)
  listExpenditures(@Payload() request: ListExpendituresRequest): Promise<ExpenditurePage> {
    return this.ledger.listExpenditures(request);
  }

  @MessagePattern(RecordExpenditureRpc.subject)
  recordExpenditure(@Payload() request: RecordExpenditureRequest): Promise<ExpenditureView> {
    return this.ledger.recordExpenditure(request);
  }

  @MessagePattern(RecordDisbursementRpc.subject)
  recordDisbursement(@Payload() request: RecordDisbursementRequest): Promise<DisbursementView> {
    return this.ledger.recordDisbursement(request);
  }

  @MessagePattern(SetAllocationsRpc.subject)
  setAllocations(@Payload() request: SetAllocationsRequest): Promise<ProjectFunding> {
    return this.ledger.setAllocations(request);
  }

  @MessagePattern(ReverseExpenditureRpc.subject)
  reverseExpenditure(@Payload() request: ReverseExpenditureRequest): Promise<ExpenditureView> {
    return this.reversals.reverseExpenditure(request);
  }

  @MessagePattern(ReverseDisbursementRpc.subject)
  reverseDisbursement(@Payload() request: ReverseDisbursementRequest): Promise<DisbursementView> {
    return this.reversals.reverseDisbursement(request);
  }
}
