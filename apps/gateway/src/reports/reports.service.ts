import { Injectable } from '@nestjs/common';
import {
  AcceptMonthlyReportRpc,
  GetMonthlyReportRpc,
  ListMonthlyReportsRpc,
  ResubmitMonthlyReportRpc,
  ReturnMonthlyReportRpc,
  SubmitMonthlyReportRpc,
  type AcceptMonthlyReportBody,
  type Actor,
  type MonthlyReport,
  type ResubmitMonthlyReportBody,
  type ReturnMonthlyReportBody,
  type SubmitMonthlyReportBody,
} from '@duban/contracts';
import { RpcClient } from '@duban/platform';

/**
 * Monthly reports live in the projects service; this asks it, for the caller. Scope and roles are enforced
 * there, where the data is read, so nothing here decides who may see what.
 */
@Injectable()
export class ReportsService {
  constructor(private readonly rpc: RpcClient) {}

  list(actor: Actor, projectId: string): Promise<{ items: MonthlyReport[] }> {
    return this.rpc.call(ListMonthlyReportsRpc, { actor, projectId });
  }

  get(actor: Actor, reportId: string): Promise<MonthlyReport> {
    return this.rpc.call(GetMonthlyReportRpc, { actor, reportId });
  }

  submit(actor: Actor, projectId: string, body: SubmitMonthlyReportBody): Promise<MonthlyReport> {
    return this.rpc.call(SubmitMonthlyReportRpc, { actor, projectId, ...body });
  }

  resubmit(actor: Actor, reportId: string, body: ResubmitMonthlyReportBody): Promise<MonthlyReport> {
    return this.rpc.call(ResubmitMonthlyReportRpc, { actor, reportId, ...body });
  }

  return(actor: Actor, reportId: string, body: ReturnMonthlyReportBody): Promise<MonthlyReport> {
    return this.rpc.call(ReturnMonthlyReportRpc, { actor, reportId, comment: body.comment });
  }

  accept(actor: Actor, reportId: string, body: AcceptMonthlyReportBody | null | undefined): Promise<MonthlyReport> {
    return this.rpc.call(AcceptMonthlyReportRpc, {
      actor,
      reportId,
      ...(body?.comment ? { comment: body.comment } : {}),
    });
  }
}
