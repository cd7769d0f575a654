import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CommitCalculatorRpc,
  GetAnnex4Rpc,
  GetFundingRollupRpc,
  GetProgrammeBudgetRpc,
  GetProjectFundingRpc,
  ListExpendituresRpc,
  ListFlaggedExpendituresRpc,
  PreviewCalculatorRpc,
  RecordDisbursementRpc,
  RecordExpenditureRpc,
  ReverseDisbursementRpc,
  ReverseExpenditureRpc,
  SetAllocationsRpc,
  SetProgrammeBudgetRpc,
  calculatorRuleSchema,
  recordDisbursementBodySchema,
  recordExpenditureBodySchema,
  reverseEntryBodySchema,
  setAllocationsBodySchema,
  setProgrammeBudgetBodySchema,
} from '@duban/contracts';
import { PROBLEM } from '../core/openapi-schema';
import { ID, QUERY } from '../core/route-params';
import { RpcRoute } from '../core/route.decorator';
import { docs } from './funding.docs';

/**
 * Money routes, answered by the funding service, which enforces scope (404 outside it, audited) and roles
 * (403) where the data is read.
 */
@ApiTags('funding')
@ApiBearerAuth()
@ApiResponse({ status: 400, description: PROBLEM.badRequest })
@ApiResponse({ status: 404, description: '项目或地区不存在，或不在您的权限范围内' })
@Controller()
export class FundingController {
  @RpcRoute(GetProjectFundingRpc, 'GET projects/:id/funding', { ...docs.get, params: ID.project })
  get() {}

  @RpcRoute(ListExpendituresRpc, 'GET projects/:id/expenditures', {
    ...docs.listExpenditures,
    params: ID.project,
    query: QUERY.expenditures,
  })
  listExpenditures() {}

  @RpcRoute(RecordExpenditureRpc, 'POST projects/:id/expenditures', {
    ...docs.recordExpenditure,
    params: ID.project,
    body: recordExpenditureBodySchema,
  })
  recordExpenditure() {}

  @RpcRoute(RecordDisbursementRpc, 'POST projects/:id/disbursements', {
    ...docs.recordDisbursement,
    params: ID.project,
    body: recordDisbursementBodySchema,
  })
  recordDisbursement() {}

  @RpcRoute(SetAllocationsRpc, 'PUT projects/:id/allocations', {
    ...docs.setAllocations,
    params: ID.project,
    body: setAllocationsBodySchema,
  })
  setAllocations() {}

  @RpcRoute(ReverseExpenditureRpc, 'POST expenditures/:id/reverse', {
    ...docs.reverseExpenditure,
    params: ID.expenditure,
    body: reverseEntryBodySchema,
  })
  reverseExpenditure() {}

  @RpcRoute(ReverseDisbursementRpc, 'POST disbursements/:id/reverse', {
    ...docs.reverseDisbursement,
    params: ID.disbursement,
    body: reverseEntryBodySchema,
  })
  reverseDisbursement() {}

  @RpcRoute(GetProgrammeBudgetRpc, 'GET funding/budgets', { ...docs.budgets, query: QUERY.budget })
  budgets() {}

  @RpcRoute(SetProgrammeBudgetRpc, 'PUT funding/budgets', { ...docs.setBudgets, body: setProgrammeBudgetBodySchema })
  setBudgets() {}

  @RpcRoute(GetFundingRollupRpc, 'GET funding/rollup', { ...docs.rollup, query: QUERY.fundingRegion })
  rollup() {}

  @RpcRoute(GetAnnex4Rpc, 'GET funding/annex4', { ...docs.annex4, query: QUERY.fundingRegion })
  annex4() {}

  @RpcRoute(ListFlaggedExpendituresRpc, 'GET funding/flagged-expenditures', {
    ...docs.flagged,
    query: QUERY.fundingRegion,
  })
  flagged() {}

  @RpcRoute(PreviewCalculatorRpc, 'POST funding/calculator/preview', {
    ...docs.preview,
    body: calculatorRuleSchema,
    request: (actor, rule) => ({ actor, rule }),
    status: 200,
  })
  preview() {}

  @RpcRoute(CommitCalculatorRpc, 'POST funding/calculator/commit', {
    ...docs.commit,
    body: calculatorRuleSchema,
    request: (actor, rule) => ({ actor, rule }),
    status: 200,
  })
  commit() {}
}
