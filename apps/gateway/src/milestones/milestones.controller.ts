import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CompleteMilestoneRpc,
  CreateMilestoneRpc,
  ListMilestonesRpc,
  ReopenMilestoneRpc,
  UpdateMilestoneRpc,
  completeMilestoneBodySchema,
  createMilestoneBodySchema,
  milestoneIdParamsSchema,
  milestoneSchema,
  projectIdParamsSchema,
  reopenMilestoneBodySchema,
  updateMilestoneBodySchema,
  type Actor,
  type CompleteMilestoneBody,
  type CreateMilestoneBody,
  type MilestoneView,
  type ReopenMilestoneBody,
  type UpdateMilestoneBody,
} from '@duban/contracts';
import { z } from 'zod';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ZodValidation } from '../core/zod-validation';
import { openApiSchema, PROBLEM } from '../core/openapi-schema';
import { RpcClient } from '@duban/platform';

const PROJECT_ID = { name: 'id', format: 'uuid', description: '项目 id' } as const;
const MILESTONE_ID = { name: 'id', format: 'uuid', description: '节点 id' } as const;
const milestoneAnswer = openApiSchema(milestoneSchema, 'output');
const MILESTONE_NOT_FOUND = { status: 404, description: '节点不存在，或不在您的权限范围内' } as const;

/**
 * HTTP to RPC and nothing more: the projects service enforces scope and roles where the data is read,
 * so this validates the input (400 naming the field, before any service is asked) and passes the caller on.
 */
@ApiTags('milestones')
@ApiBearerAuth()
@ApiResponse(PROBLEM.badRequest)
@Controller()
export class MilestonesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('projects/:id/milestones')
  @ApiOperation({
    summary: '项目的节点（计划节点按模板顺序，另加节点在后），含状态灯',
    description:
      '计划节点有 `key`（plan、site、push、build、built、trial、accept、finish）和到期日 `dueDate`（当地当日结束时到期）；' +
      '另加节点 `key` 为 null，以精确时刻 `dueAt` 到期。`after` 为前置节点 id。',
  })
  @ApiParam(PROJECT_ID)
  @ApiOkResponse({ schema: openApiSchema(z.array(milestoneSchema), 'output'), description: '节点列表' })
  @ApiResponse({ status: 404, description: '项目不存在，或不在您的权限范围内' })
  list(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(projectIdParamsSchema)) { id }: { id: string },
  ): Promise<MilestoneView[]> {
    return this.rpc.call(ListMilestonesRpc, { actor, projectId: id });
  }

  @Post('projects/:id/milestones')
  @ApiOperation({
    summary: '另加节点：精确到期时刻、责任人（须为本项目领导小组成员）、提醒计划',
    description:
      '`reminderPlan` 为相对 `dueAt` 的 ISO 8601 时长，如 ["-PT10S","PT0S","PT5S"]（到期前 10 秒、到期时、到期后 5 秒）；' +
      '只接受周、天、时、分、秒。`after` 为本项目的前置节点 id。',
  })
  @ApiParam(PROJECT_ID)
  @ApiBody({ schema: openApiSchema(createMilestoneBodySchema, 'input') })
  @ApiResponse({ status: 201, schema: milestoneAnswer, description: '已添加，并通知提醒服务' })
  @ApiResponse(PROBLEM.forbidden)
  @ApiResponse({ status: 404, description: '项目不存在，或不在您的权限范围内' })
  create(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(projectIdParamsSchema)) { id }: { id: string },
    @Body(new ZodValidation(createMilestoneBodySchema)) body: CreateMilestoneBody,
  ): Promise<MilestoneView> {
    return this.rpc.call(CreateMilestoneRpc, { actor, projectId: id, milestone: body });
  }

  @Patch('milestones/:id')
  @ApiOperation({
    summary: '调整节点：期限（dueDate 或 dueAt）、名称、责任人，或标记为进行中',
    description:
      '计划节点的期限和名称由市局、省厅调整；县级专班可调整责任人、标记进行中，以及另加节点的一切。' +
      '已完成的节点不能调整期限。与现值相同的修改不产生任何记录。',
  })
  @ApiParam(MILESTONE_ID)
  @ApiBody({ schema: openApiSchema(updateMilestoneBodySchema, 'input') })
  @ApiOkResponse({ schema: milestoneAnswer, description: '调整后的节点' })
  @ApiResponse(PROBLEM.forbidden)
  @ApiResponse(MILESTONE_NOT_FOUND)
  @ApiResponse(PROBLEM.conflict)
  update(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(milestoneIdParamsSchema)) { id }: { id: string },
    @Body(new ZodValidation(updateMilestoneBodySchema)) body: UpdateMilestoneBody,
  ): Promise<MilestoneView> {
    return this.rpc.call(UpdateMilestoneRpc, { actor, milestoneId: id, changes: body });
  }

  @Post('milestones/:id/complete')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '完成节点（须附佐证材料）',
    description:
      '`evidence.text` 必填；`attachments` 为附件引用。前置节点未完成时返回 409 并列出它们；' +
      '“迎接市局验收检查”在验收签字后自动完成，不能手动完成。领导小组成员只能完成本人负责的节点。',
  })
  @ApiParam(MILESTONE_ID)
  @ApiBody({ schema: openApiSchema(completeMilestoneBodySchema, 'input') })
  @ApiOkResponse({ schema: milestoneAnswer, description: '已完成的节点' })
  @ApiResponse(PROBLEM.forbidden)
  @ApiResponse(MILESTONE_NOT_FOUND)
  @ApiResponse(PROBLEM.conflict)
  complete(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(milestoneIdParamsSchema)) { id }: { id: string },
    @Body(new ZodValidation(completeMilestoneBodySchema)) body: CompleteMilestoneBody,
  ): Promise<MilestoneView> {
    return this.rpc.call(CompleteMilestoneRpc, { actor, milestoneId: id, ...body });
  }

  @Post('milestones/:id/reopen')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '重新打开已完成的节点（须说明原因）；原完成记录保留在 reopenings 中' })
  @ApiParam(MILESTONE_ID)
  @ApiBody({ schema: openApiSchema(reopenMilestoneBodySchema, 'input') })
  @ApiOkResponse({ schema: milestoneAnswer, description: '重新打开的节点（进行中）' })
  @ApiResponse(PROBLEM.forbidden)
  @ApiResponse(MILESTONE_NOT_FOUND)
  @ApiResponse(PROBLEM.conflict)
  reopen(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(milestoneIdParamsSchema)) { id }: { id: string },
    @Body(new ZodValidation(reopenMilestoneBodySchema)) body: ReopenMilestoneBody,
  ): Promise<MilestoneView> {
    return this.rpc.call(ReopenMilestoneRpc, { actor, milestoneId: id, ...body });
  }
}
