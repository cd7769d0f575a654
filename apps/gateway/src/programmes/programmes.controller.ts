import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CreateProgrammeRpc,
  ListProgrammesRpc,
  createProgrammeBodySchema,
  programmeSchema,
  type Actor,
  type CreateProgrammeBody,
  type ProgrammeView,
} from '@duban/contracts';
import { RpcClient } from '@duban/platform';
import { z } from 'zod';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ZodValidation } from '../core/zod-validation';
import { openApiSchema, PROBLEM } from '../core/openapi-schema';

/** Setting up a year creates 117 projects and their milestones in one transaction: allow it more time. */
const CREATE_TIMEOUT_MS = 60_000;

/**
 * HTTP to RPC and nothing more: the projects service enforces scope and roles where the data is read,
 * so this validates the input (400 naming the field, before any service is asked) and passes the caller on.
 */
@ApiTags('programmes')
@ApiBearerAuth()
@Controller('programmes')
export class ProgrammesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: '年度计划：节点模板、提醒规则、月报截止日、状态灯规则、项目数' })
  @ApiOkResponse({ schema: openApiSchema(z.array(programmeSchema), 'output'), description: '计划列表，按年份' })
  list(@CurrentActor() actor: Actor): Promise<ProgrammeView[]> {
    return this.rpc.call(ListProgrammesRpc, { actor });
  }

  @Post()
  @Roles('province_admin')
  @ApiOperation({
    summary: '由已有计划生成新年度计划（仅省级管理员）',
    description:
      '复制源计划的节点模板（到期日移到新年度）、提醒规则与月报设置，并为源计划的每个县生成项目及其节点和领导小组；' +
      '一次完成。同一源计划的同一年度已存在时返回 409。早于当前年份的年度作为历史载入，不产生提醒。',
  })
  @ApiBody({ schema: openApiSchema(createProgrammeBodySchema, 'input') })
  @ApiResponse({ status: 201, schema: openApiSchema(programmeSchema, 'output'), description: '新年度计划' })
  @ApiResponse(PROBLEM.badRequest)
  @ApiResponse(PROBLEM.forbidden)
  @ApiResponse({ status: 404, description: '源计划不存在' })
  @ApiResponse({ status: 409, description: '该年度计划已存在' })
  create(
    @CurrentActor() actor: Actor,
    @Body(new ZodValidation(createProgrammeBodySchema)) body: CreateProgrammeBody,
  ): Promise<ProgrammeView> {
    return this.rpc.call(CreateProgrammeRpc, { actor, ...body }, CREATE_TIMEOUT_MS);
  }
}
