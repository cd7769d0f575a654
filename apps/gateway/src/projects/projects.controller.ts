import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
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
  GetProjectRpc,
  ListOfficersRpc,
  ListProjectsRpc,
  UpdateProjectRpc,
  listProjectsQuerySchema,
  officerSchema,
  projectIdParamsSchema,
  projectSchema,
  updateProjectBodySchema,
  type Actor,
  type ListProjectsQuery,
  type OfficerView,
  type ProjectView,
  type UpdateProjectBody,
} from '@duban/contracts';
import { z } from 'zod';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ZodValidation } from '../core/zod-validation';
import { openApiSchema, PROBLEM } from '../core/openapi-schema';
import { RpcClient } from '@duban/platform';

const UUID_PARAM = { name: 'id', format: 'uuid', description: '项目 id' } as const;

/**
 * HTTP to RPC and nothing more: the projects service enforces scope and roles where the data is read,
 * so this validates the input (400 naming the field, before any service is asked) and passes the caller on.
 */
@ApiTags('projects')
@ApiBearerAuth()
@ApiResponse(PROBLEM.badRequest)
@Controller('projects')
export class ProjectsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({
    summary: '县级项目列表（附件1各行），含状态灯',
    description:
      '`region` 子树内、且在您权限范围内的项目；不在范围内的项目不会出现。状态灯（light）：green 正常、yellow 3 个工作日内到期、' +
      'red 逾期、done 全部完成，由项目各节点汇总。可用 `programmeId` 限定年度计划。',
  })
  @ApiQuery({ name: 'region', required: false, description: '6 位行政区划代码，如 141100（吕梁市）' })
  @ApiQuery({ name: 'programmeId', required: false, description: '年度计划 id' })
  @ApiOkResponse({ schema: openApiSchema(z.array(projectSchema), 'output'), description: '项目列表' })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodValidation(listProjectsQuerySchema)) query: ListProjectsQuery,
  ): Promise<ProjectView[]> {
    return this.rpc.call(ListProjectsRpc, { actor, ...query });
  }

  @Get(':id')
  @ApiOperation({ summary: '一个县级项目（附件1一行），含状态灯' })
  @ApiParam(UUID_PARAM)
  @ApiOkResponse({ schema: openApiSchema(projectSchema, 'output'), description: '项目' })
  @ApiResponse({ status: 404, description: '项目不存在，或不在您的权限范围内' })
  get(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(projectIdParamsSchema)) { id }: { id: string },
  ): Promise<ProjectView> {
    return this.rpc.call(GetProjectRpc, { actor, projectId: id });
  }

  @Patch(':id')
  @ApiOperation({
    summary: '修改项目的附件1栏目',
    description:
      '县级专班：建设类型、目前建设进度、室内服务场所实际面积（整数平方米）、项目详细地址。市局、省厅另可修改应规划室内场所面积、' +
      '“+”（以上）、没有招聘大厅、人口基数及其来源。领导小组成员、验收组只读。给出 `version` 时，若项目已被他人修改则返回 409。' +
      '与现值相同的修改不产生任何记录。',
  })
  @ApiParam(UUID_PARAM)
  @ApiBody({ schema: openApiSchema(updateProjectBodySchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(projectSchema, 'output'), description: '修改后的项目' })
  @ApiResponse(PROBLEM.forbidden)
  @ApiResponse({ status: 404, description: '项目不存在，或不在您的权限范围内' })
  @ApiResponse(PROBLEM.conflict)
  update(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(projectIdParamsSchema)) { id }: { id: string },
    @Body(new ZodValidation(updateProjectBodySchema)) body: UpdateProjectBody,
  ): Promise<ProjectView> {
    return this.rpc.call(UpdateProjectRpc, { actor, projectId: id, changes: body });
  }

  @Get(':id/officers')
  @ApiOperation({ summary: '项目的领导小组：组长、副组长、成员（role 为 leader/deputy/member，roleLabel 为中文）' })
  @ApiParam(UUID_PARAM)
  @ApiOkResponse({ schema: openApiSchema(z.array(officerSchema), 'output'), description: '领导小组成员，按文件顺序' })
  @ApiResponse({ status: 404, description: '项目不存在，或不在您的权限范围内' })
  officers(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(projectIdParamsSchema)) { id }: { id: string },
  ): Promise<OfficerView[]> {
    return this.rpc.call(ListOfficersRpc, { actor, projectId: id });
  }
}
