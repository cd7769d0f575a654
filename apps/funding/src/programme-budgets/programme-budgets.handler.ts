import {
  GetProgrammeBudgetRpc,
  SetProgrammeBudgetRpc,
  type GetProgrammeBudgetRequest,
  type ProgrammeBudgetView,
  type SetProgrammeBudgetRequest,
} from '@duban/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ProgrammeBudgetsService } from './programme-budgets.service';

/** A programme's budget per source: read by those in scope, set by the province. */
@Controller()
export class ProgrammeBudgetsHandler {
  constructor(private readonly budgets: ProgrammeBudgetsService) {}

  @MessagePattern(GetProgrammeBudgetRpc.subject)
  get(@Payload() request: GetProgrammeBudgetRequest): Promise<ProgrammeBudgetView> {
    return this.budgets.get(request);
  }

  @MessagePattern(SetProgrammeBudgetRpc.subject)
  set(@Payload() request: SetProgrammeBudgetRequest): Promise<ProgrammeBudgetView> {
    return this.budgets.set(request);
  }
}
