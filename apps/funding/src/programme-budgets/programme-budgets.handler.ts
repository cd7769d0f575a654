import {
  GetProgrammeBudgetRpc,
  SetProgrammeBudgetRpc,
  type GetProgrammeBudgetRequest,
  type ProgrammeBudgetView,
  type SetProgrammeBudgetRequest,
} from '@duban/contracts';
import { RpcHandler } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { ProgrammeBudgetsService } from './programme-budgets.service';

/** A programme's budget per source: read by those in scope, set by the province. */
@Injectable()
export class ProgrammeBudgetsHandler {
  constructor(private readonly budgets: ProgrammeBudgetsService) {}

  @RpcHandler(GetProgrammeBudgetRpc)
  get(request: GetProgrammeBudgetRequest): Promise<ProgrammeBudgetView> {
    return this.budgets.get(request);
  }

  @RpcHandler(SetProgrammeBudgetRpc)
  set(request: SetProgrammeBudgetRequest): Promise<ProgrammeBudgetView> {
    return this.budgets.set(request);
  }
}
