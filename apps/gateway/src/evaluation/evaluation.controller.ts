import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  CloseRectificationRpc,
  CreateRectificationRpc,
  GetEvaluationSettingsRpc,
  GetInspectionRpc,
  GetRubricRpc,
  ListInspectionsRpc,
  OpenInspectionRpc,
  PutEvaluationSettingsRpc,
  PutScoresRpc,
  SignInspectionRpc,
  closeRectificationBodySchema,
  createRectificationBodySchema,
  evaluationSettingsSchema,
  evidenceFileSchema,
  idSchema,
  inspectionSchema,
  inspectionSummarySchema,
  openInspectionBodySchema,
  putEvaluationSettingsBodySchema,
  putScoresBodySchema,
  rectificationSchema,
  rubricSchema,
  signInspectionBodySchema,
  type Actor,
  type CloseRectificationBody,
  type CreateRectificationBody,
  type EvaluationSettingsView,
  type EvidenceFile,
  type PutEvaluationSettingsBody,
  type InspectionSummary,
  type InspectionView,
  type RectificationView,
  type RubricView,
} from '@duban/contracts';
import { RpcClient } from '@duban/platform';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { ZodValidation } from '../core/zod-validation';
import { openApiSchema } from '../core/openapi-schema';
import { EvidenceDownloads } from './evidence-downloads';
import { EvidenceUploads } from './evidence-uploads';

const idParam = z.object({ id: idSchema });
const evidenceParams = z.object({ id: idSchema, itemId: idSchema });
const inspection = openApiSchema(inspectionSchema, 'output');
const UUID = { name: 'id', format: 'uuid' } as const;

/**
 * Acceptance on the checklist (附件2): HTTP to the evaluation service's RPC and nothing more. Scope and
 * roles are enforced there, where the data is read: an inspector works only on the counties assigned to
 * it and the inspections that name it; the county files its self-assessment and countersigns, never scores.
 */
@ApiTags('evaluation')
@ApiBearerAuth()
@ApiResponse({ status: 400, description: '请求有误：`errors` 列出每个字段及原因（如超过满分的评分，指明第几项）' })
@ApiResponse({ status: 403, description: '角色无权进行此操作' })
@ApiResponse({ status: 404, description: '不存在，或不在您的权限范围内' })
@Controller()
export class EvaluationController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly uploads: EvidenceUploads,
    private readonly downloads: EvidenceDownloads,
  ) {}

  @Get('rubrics/:id')
  @ApiOperation({ summary: '评分标准（某一版本）：分区、条目、满分' })
  @ApiParam({ ...UUID, description: '评分标准 id' })
  @ApiOkResponse({ schema: openApiSchema(rubricSchema, 'output') })
  rubric(@CurrentActor() actor: Actor, @Param(new ZodValidation(idParam)) { id }: { id: string }): Promise<RubricView> {
    return this.rpc.call(GetRubricRpc, { actor, rubricId: id });
  }

  @Get('projects/:id/inspections')
  @ApiOperation({ summary: '项目的验收检查与自评（按开始时间）' })
  @ApiParam({ ...UUID, description: '项目 id' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: { items: { type: 'array', items: openApiSchema(inspectionSummarySchema, 'output') } },
    },
  })
  list(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
  ): Promise<{ items: InspectionSummary[] }> {
    return this.rpc.call(ListInspectionsRpc, { actor, projectId: id });
  }

  @Post('projects/:id/inspections')
  @ApiOperation({
    summary: '市局发起验收检查（指定检查人员与日期），或县级专班填报自评（kind=self_assessment）',
    description: '`reinspectionOf`：复查某次已签字的检查，只对其未完成的整改项评分，其余条目沿用首次检查的得分。',
  })
  @ApiParam({ ...UUID, description: '项目 id' })
  @ApiBody({ schema: openApiSchema(openInspectionBodySchema, 'input') })
  @ApiResponse({ status: 201, schema: inspection })
  open(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
    @Body(new ZodValidation(openInspectionBodySchema)) body: z.infer<typeof openInspectionBodySchema>,
  ): Promise<InspectionView> {
    return this.rpc.call(OpenInspectionRpc, { actor, projectId: id, ...body });
  }

  @Get('inspections/:id')
  @ApiOperation({ summary: '一次检查：各条目得分、备注、证据，分区小计与总分（计算得出），签字，整改项' })
  @ApiParam({ ...UUID, description: '检查 id' })
  @ApiOkResponse({ schema: inspection })
  get(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
  ): Promise<InspectionView> {
    return this.rpc.call(GetInspectionRpc, { actor, inspectionId: id });
  }

  @Put('inspections/:id/scores')
  @ApiOperation({ summary: '检查人员评分（0 至满分，可为半分）；已签字的检查只读（409）' })
  @ApiParam({ ...UUID, description: '检查 id' })
  @ApiBody({ schema: openApiSchema(putScoresBodySchema, 'input') })
  @ApiOkResponse({ schema: inspection })
  @ApiResponse({ status: 409, description: '检查已签字，不能修改' })
  scores(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
    @Body(new ZodValidation(putScoresBodySchema)) body: z.infer<typeof putScoresBodySchema>,
  ): Promise<InspectionView> {
    return this.rpc.call(PutScoresRpc, { actor, inspectionId: id, ...body });
  }

  @Post('inspections/:id/sign')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '签字：检查人员先签，被检查县的县级专班负责人会签（同一接口）',
    description:
      '每个签字记录姓名、时间与评分内容的 SHA-256；会签后检查只读，达到合格线即自动完成该县「迎接市局验收检查」节点。',
  })
  @ApiParam({ ...UUID, description: '检查 id' })
  @ApiBody({ schema: openApiSchema(signInspectionBodySchema, 'input') })
  @ApiOkResponse({ schema: inspection })
  @ApiResponse({ status: 409, description: '尚有未评分条目、顺序不对或已签字' })
  sign(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
    @Body(new ZodValidation(signInspectionBodySchema)) body: z.infer<typeof signInspectionBodySchema>,
  ): Promise<InspectionView> {
    return this.rpc.call(SignInspectionRpc, { actor, inspectionId: id, ...body });
  }

  @Post('inspections/:id/rectifications')
  @ApiOperation({ summary: '为未得满分的条目设定整改项（整改内容、责任人、期限）；期限交由提醒服务跟踪' })
  @ApiParam({ ...UUID, description: '检查 id' })
  @ApiBody({ schema: openApiSchema(createRectificationBodySchema, 'input') })
  @ApiResponse({ status: 201, schema: openApiSchema(rectificationSchema, 'output') })
  rectify(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
    @Body(new ZodValidation(createRectificationBodySchema)) body: CreateRectificationBody,
  ): Promise<RectificationView> {
    return this.rpc.call(CreateRectificationRpc, { actor, inspectionId: id, ...body });
  }

  @Post('rectifications/:id/close')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '确认整改项完成（停止提醒）' })
  @ApiParam({ ...UUID, description: '整改项 id' })
  @ApiBody({ schema: openApiSchema(closeRectificationBodySchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(rectificationSchema, 'output') })
  close(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
    @Body(new ZodValidation(closeRectificationBodySchema)) body: CloseRectificationBody,
  ): Promise<RectificationView> {
    return this.rpc.call(CloseRectificationRpc, { actor, rectificationId: id, ...body });
  }

  @Post('inspections/:id/items/:itemId/evidence')
  @ApiOperation({
    summary: '上传条目证据（multipart，字段 file）：照片 JPG/PNG/WEBP 或 PDF 文件，按文件内容判断类型，有大小上限',
  })
  @ApiConsumes('multipart/form-data')
  @ApiParam({ ...UUID, description: '检查 id' })
  @ApiParam({ name: 'itemId', format: 'uuid', description: '条目 id' })
  @ApiBody({
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
  })
  @ApiResponse({ status: 201, schema: openApiSchema(evidenceFileSchema, 'output') })
  evidence(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(evidenceParams)) params: { id: string; itemId: string },
    @Req() request: FastifyRequest,
  ): Promise<EvidenceFile> {
    return this.uploads.receive(actor, params.id, params.itemId, request);
  }

  @Get('evidence/:id')
  @ApiOperation({
    summary: '下载条目证据文件（按上传时的内容类型返回原文件；仅限可查看该检查的用户）',
    description: '文件分块从评估服务读取并边读边校验 SHA-256；与存储时的校验值不符则中断传输。',
  })
  @ApiParam({ ...UUID, description: '证据文件 id' })
  @ApiOkResponse({
    description: '文件内容（image/jpeg、image/png、image/webp 或 application/pdf）',
    content: {
      'image/jpeg': { schema: { type: 'string', format: 'binary' } },
      'image/png': { schema: { type: 'string', format: 'binary' } },
      'image/webp': { schema: { type: 'string', format: 'binary' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  download(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
  ): Promise<StreamableFile> {
    return this.downloads.open(actor, id);
  }

  @Get('programmes/:id/evaluation-settings')
  @Roles('province_admin')
  @ApiOperation({ summary: '计划的验收设置：合格线、指定的评分标准（仅省级管理员）' })
  @ApiParam({ ...UUID, description: '计划 id' })
  @ApiOkResponse({ schema: openApiSchema(evaluationSettingsSchema, 'output') })
  settings(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
  ): Promise<EvaluationSettingsView> {
    return this.rpc.call(GetEvaluationSettingsRpc, { actor, programmeId: id });
  }

  @Put('programmes/:id/evaluation-settings')
  @Roles('province_admin')
  @ApiOperation({
    summary: '修改验收设置（仅省级管理员，记入审计）',
    description:
      '`passThreshold`：合格线（分，0 至评分标准总分，可为半分）；`rubricCode`：指定评分标准编码，null 为最近载入的标准。' +
      '只影响此后发起的检查：每次检查沿用发起时的合格线。',
  })
  @ApiParam({ ...UUID, description: '计划 id' })
  @ApiBody({ schema: openApiSchema(putEvaluationSettingsBodySchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(evaluationSettingsSchema, 'output') })
  putSettings(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidation(idParam)) { id }: { id: string },
    @Body(new ZodValidation(putEvaluationSettingsBodySchema)) body: PutEvaluationSettingsBody,
  ): Promise<EvaluationSettingsView> {
    return this.rpc.call(PutEvaluationSettingsRpc, { actor, programmeId: id, ...body });
  }
}
