import { Injectable } from '@nestjs/common';
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
import { RpcHandler } from '@duban/platform';
import { ReportsService } from './reports.service';

/** The monthly report subjects the projects service answers (requests arrive parsed by their contract). */
@Injectable()
export class ReportsHandler {
  constructor(private readonly reports: ReportsService) {}

  @RpcHandler(SubmitMonthlyReportRpc)
  submit(request: SubmitMonthlyReportRequest): Promise<MonthlyReport> {
    return this.reports.submit(request);
  }

  @RpcHandler(ResubmitMonthlyReportRpc)
  resubmit(request: ResubmitMonthlyReportRequest): Promise<MonthlyReport> {
    return this.reports.resubmit(request);
  }

  @RpcHandler(ReturnMonthlyReportRpc)
  return(request: ReturnMonthlyReportRequest): Promise<MonthlyReport> {
    return this.reports.return(request);
  }

  @RpcHandler(AcceptMonthlyReportRpc)
  accept(request: AcceptMonthlyReportRequest): Promise<MonthlyReport> {
    return this.reports.accept(request);
  }

  @RpcHandler(GetMonthlyReportRpc)
  get(request: GetMonthlyReportRequest): Promise<MonthlyReport> {
    return this.reports.get(request);
  }

  @RpcHandler(ListMonthlyReportsRpc)
  list(request: ListMonthlyReportsRequest): Promise<{ items: MonthlyReport[] }> {
    return this.reports.list(request);
  }
}
