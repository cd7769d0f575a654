import {
  CommitCalculatorRpc,
  PreviewCalculatorRpc,
  type CalculatorRequest,
  type CalculatorResult,
} from '@duban/contracts';
import { RpcHandler } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { CalculatorService } from './calculator.service';

@Injectable()
export class CalculatorHandler {
  constructor(private readonly calculator: CalculatorService) {}

  @RpcHandler(PreviewCalculatorRpc)
  preview(request: CalculatorRequest): Promise<CalculatorResult> {
    return this.calculator.preview(request);
  }

  @RpcHandler(CommitCalculatorRpc)
  commit(request: CalculatorRequest): Promise<CalculatorResult> {
    return this.calculator.commit(request);
  }
}
