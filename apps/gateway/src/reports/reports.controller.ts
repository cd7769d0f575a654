import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  acceptMonthlyReportBodySchema,
  idSchema,
  monthlyReportSchema,
  resubmitMonthlyReportBodySchema,
  returnMonthlyReportBodySchema,
  submitMonthlyReportBodySchema,
  type AcceptMonthlyReportBody,
  type Actor,
  type MonthlyReport,
  type ResubmitMonthlyReportBody,
  type ReturnMonthlyReportBody,
  type SubmitMonthlyReportBody,
} from '@duban/contracts';
import { z } from 'zod';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ZodValidation } from '../core/zod-validation';
import { openApiSchema } from '../core/openapi-schema';
import { ReportsService } from './reports.service';

/** `:id` in the path; a malformed one is a 400 naming `id`, before any service is asked. */
const idParam = z.object({ id: idSchema });
const reportSchema = openApiSchema(monthlyReportSchema, 'output');
const UUID_PARAM = { name: 'id', format: 'uuid' } as const;

@ApiTags('reports')
@ApiBearerAuth()
@ApiResponse({ status: 400, description: '请求有误：`errors` 列出每个字段及原因' })
@ApiResponse({ status: 404, description: '项目或月报不存在，或不在您的权限范围内' })
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('projects/:id/reports')
  @ApiOperation({ summary: '项目的月报列表（按月份从新到旧）' })
  @ApiParam({ ...UUID_PARAM, description: '项目 id' })
  @ApiOkResponse({ schema: { type: 'object', properties: { items: { type: 'array', items: reportSchema } } } })
  list(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
  ): Promise<{ items: MonthlyReport[] }> {
    return this.reports.list(actor, id);
  }

  @Post('projects/:id/reports')
  @ApiOperation({
    summary: '县级专班报送月报（每个项目每月一份）',
    description:
      '附件1各栏：建设类型、目前建设进度、室内服务场所实际面积（平方米，整数）、项目详细地址、本月工作内容、工作困难难点、意见建议；' +
      '自项目年度10月（以项目设置为准）起，当月提供零工岗位数、当月服务零工人次、当月达成意向上岗人次为必填非负整数。' +
      '报送晚于当月报送截止日（当地时间当日结束）的标记为逾期（late）。同月已有月报时返回 409，请用 PUT /api/reports/:id 重新报送。',
  })
  @ApiParam({ ...UUID_PARAM, description: '项目 id' })
  @ApiBody({ schema: openApiSchema(submitMonthlyReportBodySchema, 'input') })
  @ApiResponse({ status: 201, schema: reportSchema, description: '已报送' })
  @ApiResponse({ status: 403, description: '只有本县县级专班可以报送' })
  @ApiResponse({ status: 409, description: '该月月报已存在' })
  submit(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
    @Body(new ZodValidation(submitMonthlyReportBodySchema)) body: SubmitMonthlyReportBody,
  ): Promise<MonthlyReport> {
    return this.reports.submit(actor, id, body);
  }

  @Get('reports/:id')
  @ApiOperation({ summary: '一份月报，含审核记录（history）' })
  @ApiParam({ ...UUID_PARAM, description: '月报 id' })
  @ApiOkResponse({ schema: reportSchema })
  get(@CurrentActor() actor: Actor, @Param(new ZodValidation(idParam)) { id }: { id: string }): Promise<MonthlyReport> {
    return this.reports.get(actor, id);
  }

  @Put('reports/:id')
  @ApiOperation({ summary: '县级专班修改后重新报送月报（已退回或待审核的；已通过的不能修改）' })
  @ApiParam({ ...UUID_PARAM, description: '月报 id' })
  @ApiBody({ schema: openApiSchema(resubmitMonthlyReportBodySchema, 'input') })
  @ApiOkResponse({ schema: reportSchema })
  @ApiResponse({ status: 403, description: '只有本县县级专班可以重新报送' })
  @ApiResponse({ status: 409, description: '月报已审核通过，不能修改' })
  resubmit(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
    @Body(new ZodValidation(resubmitMonthlyReportBodySchema)) body: ResubmitMonthlyReportBody,
  ): Promise<MonthlyReport> {
    return this.reports.resubmit(actor, id, body);
  }

  @Post('reports/:id/return')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '市局退回月报（须写明退回意见）' })
  @ApiParam({ ...UUID_PARAM, description: '月报 id' })
  @ApiBody({ schema: openApiSchema(returnMonthlyReportBodySchema, 'input') })
  @ApiOkResponse({ schema: reportSchema })
  @ApiResponse({ status: 403, description: '只有市局（或省级管理员）可以审核' })
  @ApiResponse({ status: 409, description: '月报不在待审核状态' })
  return(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
    @Body(new ZodValidation(returnMonthlyReportBodySchema)) body: ReturnMonthlyReportBody,
  ): Promise<MonthlyReport> {
    return this.reports.return(actor, id, body);
  }

  @Post('reports/:id/accept')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '市局审核通过月报（通过后不能再修改）' })
  @ApiParam({ ...UUID_PARAM, description: '月报 id' })
  @ApiBody({ required: false, schema: openApiSchema(acceptMonthlyReportBodySchema, 'input') })
  @ApiOkResponse({ schema: reportSchema })
  @ApiResponse({ status: 403, description: '只有市局（或省级管理员）可以审核' })
  @ApiResponse({ status: 409, description: '月报不在待审核状态' })
  accept(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
    // The body is optional: accepting needs no comment.
    @Body(new ZodValidation(acceptMonthlyReportBodySchema.nullish())) body: AcceptMonthlyReportBody | null | undefined,
  ): Promise<MonthlyReport> {
    return this.reports.accept(actor, id, body);
  }
}
