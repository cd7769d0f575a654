import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AcceptMonthlyReportRpc,
  GetMonthlyReportRpc,
  ListMonthlyReportsRpc,
  ResubmitMonthlyReportRpc,
  ReturnMonthlyReportRpc,
  SubmitMonthlyReportRpc,
  type AcceptMonthlyReportRequest,
  type GetMonthlyReportRequest,
  type ListMonthlyReportsRequest,
  type MonthlyReport,
  type ResubmitMonthlyReportRequest,
  type ReturnMonthlyReportRequest,
  type SubmitMonthlyReportRequest,
} from '@duban/contracts';
import { ReportsService } from './reports.service';

/** The monthly report subjects the projects service answers (requests arrive parsed by their contract). */
@Controller()
export class ReportsHandler {
  constructor(private readonly reports: ReportsService) {}

  @MessagePattern(SubmitMonthlyReportRpc.subject)
  submit(@Payload() request: SubmitMonthlyReportRequest): Promise<MonthlyReport> {
    return this.reports.submit(request);
  }

  @MessagePattern(ResubmitMonthlyReportRpc.subject)
  resubmit(@Payload() request: ResubmitMonthlyReportRequest): Promise<MonthlyReport> {
    return this.reports.resubmit(request);
  }

  @MessagePattern(ReturnMonthlyReportRpc.subject)
  return(@Payload() request: ReturnMonthlyReportRequest): Promise<MonthlyReport> {
    return this.reports.return(request);
  }

  @MessagePattern(AcceptMonthlyReportRpc.subject)
  accept(@Payload() request: AcceptMonthlyReportRequest): Promise<MonthlyReport> {
    return this.reports.accept(request);
  }

  @MessagePattern(GetMonthlyReportRpc.subject)
  get(@Payload() request: GetMonthlyReportRequest): Promise<MonthlyReport> {
    return this.reports.get(request);
  }

  @MessagePattern(ListMonthlyReportsRpc.subject)
  list(@Payload() request: ListMonthlyReportsRequest): Promise<{ items: MonthlyReport[] }> {
    return this.reports.list(request);
  }
}
