import {
  GetEvaluationSettingsRpc,
  PutEvaluationSettingsRpc,
  type EvaluationSettingsView,
  type GetEvaluationSettingsRequest,
  type PutEvaluationSettingsRequest,
} from '@duban/contracts';
import { RpcHandler } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { SettingsService } from './settings.service';

@Injectable()
export class SettingsHandler {
  constructor(private readonly settings: SettingsService) {}

  @RpcHandler(GetEvaluationSettingsRpc)
  get(request: GetEvaluationSettingsRequest): Promise<EvaluationSettingsView> {
    return this.settings.get(request.actor, request.programmeId);
  }

  @RpcHandler(PutEvaluationSettingsRpc)
  put(request: PutEvaluationSettingsRequest): Promise<EvaluationSettingsView> {
    return this.settings.put(request);
  }
}
