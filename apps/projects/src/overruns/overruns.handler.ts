import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetOverrunReportRpc, type Actor, type OverrunReport } from '@duban/contracts';
import { OverrunReportService } from './overrun-report.service';

/** `GET /api/overruns` (超时倒查). */
@Controller()
export class OverrunsHandler {
  constructor(private readonly reports: OverrunReportService) {}

  @MessagePattern(GetOverrunReportRpc.subject)
  report(@Payload() request: { actor: Actor; region: string; from: string; to: string }): Promise<OverrunReport> {
    return this.reports.report(request);
  }
}
