import {
  CommitCalculatorRpc,
  PreviewCalculatorRpc,
  type CalculatorRequest,
  type CalculatorResult,
} from '@duban/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CalculatorService } from './calculator.service';

/** The allocation calculator over RPC: preview writes nothing, commit writes the lines (province only). */
@Controller()
export class CalculatorHandler {
  constructor(private readonly calculator: CalculatorService) {}

  @MessagePattern(PreviewCalculatorRpc.subject)
  preview(@Payload() request: CalculatorRequest): Promise<CalculatorResult> {
    return this.calculator.preview(request);
  }

  @MessagePattern(CommitCalculatorRpc.subject)
  commit(@Payload() request: CalculatorRequest): Promise<CalculatorResult> {
    return this.calculator.commit(request);
  }
}
