import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  AcceptMonthlyReportRpc,
  GetMonthlyReportRpc,
  ListMonthlyReportsRpc,
  ResubmitMonthlyReportRpc,
  ReturnMonthlyReportRpc,
  SubmitMonthlyReportRpc,
  acceptMonthlyReportBodySchema,
  monthlyReportSchema,
  resubmitMonthlyReportBodySchema,
  returnMonthlyReportBodySchema,
  submitMonthlyReportBodySchema,
} from '@duban/contracts';
import { itemsOf } from '../core/openapi-schema';
import { ID } from '../core/route-params';
import { RpcRoute } from '../core/route.decorator';
import { docs } from './reports.docs';

/** The monthly report cycle, answered by the projects service (which enforces scope and roles). */
@ApiTags('reports')
@ApiBearerAuth()
@ApiResponse({ status: 400, description: '请求有误：`errors` 列出每个字段及原因' })
@ApiResponse({ status: 404, description: '项目或月报不存在，或不在您的权限范围内' })
@Controller()
export class ReportsController {
  @RpcRoute(ListMonthlyReportsRpc, 'GET projects/:id/reports', {
    ...docs.list,
    params: ID.project,
    answer: itemsOf(monthlyReportSchema),
  })
  list() {}

  @RpcRoute(SubmitMonthlyReportRpc, 'POST projects/:id/reports', {
    ...docs.submit,
    params: ID.project,
    body: submitMonthlyReportBodySchema,
  })
  submit() {}

  @RpcRoute(GetMonthlyReportRpc, 'GET reports/:id', { ...docs.get, params: ID.report })
  get() {}

  @RpcRoute(ResubmitMonthlyReportRpc, 'PUT reports/:id', {
    ...docs.resubmit,
    params: ID.report,
    body: resubmitMonthlyReportBodySchema,
  })
  resubmit() {}

  @RpcRoute(ReturnMonthlyReportRpc, 'POST reports/:id/return', {
    ...docs.return,
    params: ID.report,
    body: returnMonthlyReportBodySchema,
    status: 200,
  })
  return() {}

  @RpcRoute(AcceptMonthlyReportRpc, 'POST reports/:id/accept', {
    ...docs.accept,
    params: ID.report,
    // Accepting needs no comment, nor any body at all.
    body: acceptMonthlyReportBodySchema.nullish(),
    request: (actor, { id }, body) => ({ actor, reportId: id, ...(body?.comment ? { comment: body.comment } : {}) }),
    status: 200,
  })
  accept() {}
}
