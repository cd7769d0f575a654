import {
  GetEvaluationSettingsRpc,
  PutEvaluationSettingsRpc,
  type EvaluationSettingsView,
  type GetEvaluationSettingsRequest,
  type PutEvaluationSettingsRequest,
} from '@duban/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SettingsService } from './settings.service';

@Controller()
export class SettingsHandler {
  constructor(private readonly settings: SettingsService) {}

  @MessagePattern(GetEvaluationSettingsRpc.subject)
  get(@Payload() request: GetEvaluationSettingsRequest): Promise<EvaluationSettingsView> {
    return this.settings.get(request.actor, request.programmeId);
  }

  @MessagePattern(PutEvaluationSettingsRpc.subject)
  put(@Payload() request: PutEvaluationSettingsRequest): Promise<EvaluationSettingsView> {
    return this.settings.put(request);
  }
}
