import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PutReportSettingsRpc, type ProgrammeView, type PutReportSettingsRequest } from '@duban/contracts';
import { ReportSettingsService } from './report-settings.service';

@Controller()
export class ReportSettingsHandler {
  constructor(private readonly settings: ReportSettingsService) {}

  @MessagePattern(PutReportSettingsRpc.subject)
  put(@Payload() request: PutReportSettingsRequest): Promise<ProgrammeView> {
    return this.settings.put(request);
  }
}
