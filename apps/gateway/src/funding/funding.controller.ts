import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  CommitCalculatorRpc,
  GetAnnex4Rpc,
  GetProgrammeBudgetRpc,
  GetFundingRollupRpc,
  GetProjectFundingRpc,
  PreviewCalculatorRpc,
  RecordDisbursementRpc,
  RecordExpenditureRpc,
  ReverseDisbursementRpc,
  ReverseExpenditureRpc,
  SetAllocationsRpc,
  SetProgrammeBudgetRpc,
  annex4Schema,
  calculatorResultSchema,
  calculatorRuleSchema,
  disbursementSchema,
  expenditureSchema,
  fundingRegionQuerySchema,
  idSchema,
  programmeBudgetQuerySchema,
  programmeBudgetSchema,
  projectFundingSchema,
  recordDisbursementBodySchema,
  recordExpenditureBodySchema,
  reverseEntryBodySchema,
  rollupSchema,
  setAllocationsBodySchema,
  setProgrammeBudgetBodySchema,
  type Actor,
  type Annex4,
  type CalculatorResult,
  type CalculatorRule,
  type DisbursementView,
  type ExpenditureView,
  type FundingRegionQuery,
  type ProgrammeBudgetQuery,
  type ProgrammeBudgetView,
  type ProjectFunding,
  type RecordDisbursementBody,
  type RecordExpenditureBody,
  type ReverseEntryBody,
  type Rollup,
  type SetAllocationsBody,
  type SetProgrammeBudgetBody,
} from '@duban/contracts';
import { RpcClient } from '@duban/platform';
import { z } from 'zod';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ZodValidation } from '../core/zod-validation';
import { openApiSchema, PROBLEM } from '../core/openapi-schema';

const idParam = z.object({ id: idSchema }).strict();
const UUID_PARAM = { name: 'id', format: 'uuid', description: '项目 id' } as const;
const REGION_QUERY = {
  name: 'region',
  description: '6 位行政区划代码（省、市或县），须在您的权限范围内',
  example: '141100',
} as const;
const PROGRAMME_QUERY = {
  name: 'programme',
  required: false,
  description: '年度计划代码；缺省为该地区最近年度的计划',
} as const;
const MONEY = '金额一律为万元、两位小数的字符串（如 "2.50"），内部以分为单位精确计算。';

/**
 * Money routes: HTTP to RPC and nothing more. The funding service enforces scope (404 outside it, audited)
 * and roles (403) where the data is read; this validates input (400 naming the field, before any service is
 * asked) and passes the caller on.
 */
@ApiTags('funding')
@ApiBearerAuth()
@ApiResponse(PROBLEM.badRequest)
@ApiResponse({ status: 404, description: '项目或地区不存在，或不在您的权限范围内' })
@Controller()
export class FundingController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('projects/:id/funding')
  @ApiOperation({
    summary: '县级项目的资金：分配、拨付、支出（含合规标记）、按资金来源的合计，及附件1的资金栏',
    description: `${MONEY} 执行率 = 支出 / 分配（四位小数，未分配时为 null）。`,
  })
  @ApiParam(UUID_PARAM)
  @ApiOkResponse({ schema: openApiSchema(projectFundingSchema, 'output') })
  get(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
  ): Promise<ProjectFunding> {
    return this.rpc.call(GetProjectFundingRpc, { actor, projectId: id });
  }

  @Post('projects/:id/expenditures')
  @ApiOperation({
    summary: '登记支出（县级专班、市局、省级）',
    description:
      `${MONEY} 资金来源与支出类别不符（财政专项资金只用于硬件设施、场地装修、场地租赁；就业资金只用于培训、就业服务、服务人员）` +
      '或累计支出超过分配时，支出照常登记但带有 `flags`，并通知所属市局。',
  })
  @ApiParam(UUID_PARAM)
  @ApiBody({ schema: openApiSchema(recordExpenditureBodySchema, 'input') })
  @ApiResponse({ status: 201, schema: openApiSchema(expenditureSchema, 'output'), description: '已登记（含 flags）' })
  @ApiResponse(PROBLEM.forbidden)
  recordExpenditure(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
    @Body(new ZodValidation(recordExpenditureBodySchema)) body: RecordExpenditureBody,
  ): Promise<ExpenditureView> {
    return this.rpc.call(RecordExpenditureRpc, { actor, projectId: id, ...body });
  }

  @Post('projects/:id/disbursements')
  @ApiOperation({ summary: '登记拨付（日期、金额、资金来源、文号）；累计拨付不能超过该来源的分配', description: MONEY })
  @ApiParam(UUID_PARAM)
  @ApiBody({ schema: openApiSchema(recordDisbursementBodySchema, 'input') })
  @ApiResponse({ status: 201, schema: openApiSchema(disbursementSchema, 'output'), description: '已登记' })
  @ApiResponse(PROBLEM.forbidden)
  @ApiResponse(PROBLEM.conflict)
  recordDisbursement(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
    @Body(new ZodValidation(recordDisbursementBodySchema)) body: RecordDisbursementBody,
  ): Promise<DisbursementView> {
    return this.rpc.call(RecordDisbursementRpc, { actor, projectId: id, ...body });
  }

  @Put('projects/:id/allocations')
  @ApiOperation({
    summary: '设定县级项目的资金分配（省级）',
    description: `${MONEY} 列出的资金来源设为给定金额，其余不变。省级资金合计超过预算时拒绝（409，说明预算、已分配与本次金额）。`,
  })
  @ApiParam(UUID_PARAM)
  @ApiBody({ schema: openApiSchema(setAllocationsBodySchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(projectFundingSchema, 'output') })
  @ApiResponse(PROBLEM.forbidden)
  @ApiResponse(PROBLEM.conflict)
  setAllocations(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
    @Body(new ZodValidation(setAllocationsBodySchema)) body: SetAllocationsBody,
  ): Promise<ProjectFunding> {
    return this.rpc.call(SetAllocationsRpc, { actor, projectId: id, allocations: body.allocations });
  }

  @Post('expenditures/:id/reverse')
  @ApiOperation({
    summary: '冲销一笔支出（县级专班、市局、省级）',
    description:
      '资金记录只增不改：支出登记后不能修改或删除，更正方式是一笔金额相反、注明原记录（reversesId）和原因（reason）的冲销记录，' +
      '日期为冲销当天（北京时间）。每笔支出只能冲销一次，冲销记录不能再冲销（409）。原记录保持不变（包括合规标记 flags），' +
      '并以 reversedById 指向冲销记录；各级汇总按净额计算，仍严格相等。',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: '支出记录 id' })
  @ApiBody({ schema: openApiSchema(reverseEntryBodySchema, 'input') })
  @ApiResponse({ status: 201, schema: openApiSchema(expenditureSchema, 'output'), description: '冲销记录' })
  @ApiResponse(PROBLEM.forbidden)
  @ApiResponse(PROBLEM.conflict)
  reverseExpenditure(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
    @Body(new ZodValidation(reverseEntryBodySchema)) body: ReverseEntryBody,
  ): Promise<ExpenditureView> {
    return this.rpc.call(ReverseExpenditureRpc, { actor, expenditureId: id, reason: body.reason });
  }

  @Post('disbursements/:id/reverse')
  @ApiOperation({
    summary: '冲销一笔拨付（县级专班、市局、省级）',
    description:
      '同支出的冲销：一笔金额相反、同一文号、注明原记录和原因的冲销记录；每笔拨付只能冲销一次（409），原记录保持不变。',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: '拨付记录 id' })
  @ApiBody({ schema: openApiSchema(reverseEntryBodySchema, 'input') })
  @ApiResponse({ status: 201, schema: openApiSchema(disbursementSchema, 'output'), description: '冲销记录' })
  @ApiResponse(PROBLEM.forbidden)
  @ApiResponse(PROBLEM.conflict)
  reverseDisbursement(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
    @Body(new ZodValidation(reverseEntryBodySchema)) body: ReverseEntryBody,
  ): Promise<DisbursementView> {
    return this.rpc.call(ReverseDisbursementRpc, { actor, disbursementId: id, reason: body.reason });
  }

  @Get('funding/budgets')
  @ApiOperation({
    summary: '年度计划按资金来源的预算，及已分配与未分配余额',
    description: MONEY,
  })
  @ApiQuery({ name: 'programme', description: '年度计划代码', example: 'shanxi-2023-gig-markets' })
  @ApiOkResponse({ schema: openApiSchema(programmeBudgetSchema, 'output') })
  budgets(
    @CurrentActor() actor: Actor,
    @Query(new ZodValidation(programmeBudgetQuerySchema)) query: ProgrammeBudgetQuery,
  ): Promise<ProgrammeBudgetView> {
    return this.rpc.call(GetProgrammeBudgetRpc, { actor, ...query });
  }

  @Put('funding/budgets')
  @ApiOperation({
    summary: '设定年度计划按资金来源的预算（省级）',
    description:
      `${MONEY} 列出的资金来源设为给定金额，其余不变；一次事务，记入审计（修改前后）。` +
      '预算低于该来源已分配给各县的合计时拒绝（409，说明两者金额）。',
  })
  @ApiBody({ schema: openApiSchema(setProgrammeBudgetBodySchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(programmeBudgetSchema, 'output') })
  @ApiResponse(PROBLEM.forbidden)
  @ApiResponse(PROBLEM.conflict)
  setBudgets(
    @CurrentActor() actor: Actor,
    @Body(new ZodValidation(setProgrammeBudgetBodySchema)) body: SetProgrammeBudgetBody,
  ): Promise<ProgrammeBudgetView> {
    return this.rpc.call(SetProgrammeBudgetRpc, { actor, ...body });
  }

  @Get('funding/rollup')
  @ApiOperation({
    summary: '资金汇总：地区及其下级（省→市→县），按资金来源的分配、拨付、支出、执行率，及计划预算的未分配余额',
    description: `${MONEY} 下级之和与上级严格相等（精确到分）。`,
  })
  @ApiQuery(REGION_QUERY)
  @ApiQuery(PROGRAMME_QUERY)
  @ApiOkResponse({ schema: openApiSchema(rollupSchema, 'output') })
  rollup(
    @CurrentActor() actor: Actor,
    @Query(new ZodValidation(fundingRegionQuerySchema)) query: FundingRegionQuery,
  ): Promise<Rollup> {
    return this.rpc.call(GetFundingRollupRpc, { actor, ...query });
  }

  @Get('funding/annex4')
  @ApiOperation({
    summary: '附件4 省级资金安排分配表（人口基数及其来源、财政专项资金、就业资金、合计），任意地区',
    description: MONEY,
  })
  @ApiQuery(REGION_QUERY)
  @ApiQuery(PROGRAMME_QUERY)
  @ApiOkResponse({ schema: openApiSchema(annex4Schema, 'output') })
  annex4(
    @CurrentActor() actor: Actor,
    @Query(new ZodValidation(fundingRegionQuerySchema)) query: FundingRegionQuery,
  ): Promise<Annex4> {
    return this.rpc.call(GetAnnex4Rpc, { actor, ...query });
  }

  @Post('funding/calculator/preview')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '资金分配测算（预览，不写入；省级）',
    description:
      '把一项资金（totalWan，缺省为预算减去范围外各县已分配）分给计划的各县（region 内）：fixed 中的县取指定金额，' +
      '其余每县取 baseWan 加按权重（人口 × 系数，或等额）分得的份额，并限定在 minWan…maxWan 之间；四舍五入到 0.01万元，' +
      '用最大余额法保证各县之和恰好等于总额。无法满足时返回 400，说明应调整的字段和原因。',
  })
  @ApiBody({ schema: openApiSchema(calculatorRuleSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(calculatorResultSchema, 'output') })
  @ApiResponse(PROBLEM.forbidden)
  preview(
    @CurrentActor() actor: Actor,
    @Body(new ZodValidation(calculatorRuleSchema)) rule: CalculatorRule,
  ): Promise<CalculatorResult> {
    return this.rpc.call(PreviewCalculatorRpc, { actor, rule });
  }

  @Post('funding/calculator/commit')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '按测算规则写入各县分配（一次事务，记入审计；省级）',
    description: '规则同预览；结果与预览相同。',
  })
  @ApiBody({ schema: openApiSchema(calculatorRuleSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(calculatorResultSchema, 'output') })
  @ApiResponse(PROBLEM.forbidden)
  @ApiResponse(PROBLEM.conflict)
  commit(
    @CurrentActor() actor: Actor,
    @Body(new ZodValidation(calculatorRuleSchema)) rule: CalculatorRule,
  ): Promise<CalculatorResult> {
    return this.rpc.call(CommitCalculatorRpc, { actor, rule });
  }
}
