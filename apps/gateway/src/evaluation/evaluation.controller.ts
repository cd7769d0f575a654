import { Controller, Req, type StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CancelInspectionRpc,
  CloseRectificationRpc,
  CreateRectificationRpc,
  GetEvaluationSettingsRpc,
  GetInspectionRpc,
  GetRubricRpc,
  ListInspectionsRpc,
  ListRubricsRpc,
  PutEvaluationSettingsRpc,
  PutScoresRpc,
  SignInspectionRpc,
  cancelInspectionBodySchema,
  closeRectificationBodySchema,
  createRectificationBodySchema,
  evidenceFileSchema,
  inspectionSchema,
  inspectionSummarySchema,
  openInspectionBodySchema,
  putEvaluationSettingsBodySchema,
  putScoresBodySchema,
  signInspectionBodySchema,
  type Actor,
  type EvidenceFile,
  type InspectionView,
} from '@duban/contracts';
import type { FastifyRequest } from 'fastify';
import { itemsOf, openApiSchema } from '../core/openapi-schema';
import { ID, itemParams, type IdParams } from '../core/route-params';
import { HttpRoute, RpcRoute } from '../core/route.decorator';
import { z } from 'zod';
import { docs } from './evaluation.docs';
import { EligibleInspectors, type EligibleInspector, type OpenInspectionFields } from './eligible-inspectors';
import { EvidenceDownloads } from './evidence-downloads';
import { EvidenceUploads } from './evidence-uploads';

const eligibleInspectorSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  regionCodes: z.array(z.string()),
});

const BINARY = { schema: { type: 'string', format: 'binary' } } as const;

/**
 * Acceptance on the checklist (附件2), answered by the evaluation service, which enforces scope and roles where
 * the data is read: an inspector works only on the counties assigned to it and the inspections that name it;
 * the county files its self-assessment and countersigns, never scores. Evidence files stream through here.
 */
@ApiTags('evaluation')
@ApiBearerAuth()
@ApiResponse({ status: 400, description: '请求有误：`errors` 列出每个字段及原因（如超过满分的评分，指明第几项）' })
@ApiResponse({ status: 403, description: '角色无权进行此操作' })
@ApiResponse({ status: 404, description: '不存在，或不在您的权限范围内' })
@Controller()
export class EvaluationController {
  constructor(
    private readonly uploads: EvidenceUploads,
    private readonly downloads: EvidenceDownloads,
    private readonly inspectors: EligibleInspectors,
  ) {}

  @RpcRoute(ListRubricsRpc, 'GET rubrics', docs.rubrics)
  rubrics() {}

  @RpcRoute(GetRubricRpc, 'GET rubrics/:id', { ...docs.rubric, params: ID.rubric })
  rubric() {}

  @RpcRoute(ListInspectionsRpc, 'GET projects/:id/inspections', {
    ...docs.list,
    params: ID.project,
    answer: itemsOf(inspectionSummarySchema),
  })
  list() {}

  @HttpRoute('POST projects/:id/inspections', {
    ...docs.open,
    params: ID.project,
    body: openInspectionBodySchema,
    answer: openApiSchema(inspectionSchema, 'output'),
  })
  open(actor: Actor, { id }: IdParams, body: OpenInspectionFields): Promise<InspectionView> {
    return this.inspectors.open(actor, id, body);
  }

  @HttpRoute('GET projects/:id/eligible-inspectors', {
    ...docs.eligibleInspectors,
    params: ID.project,
    roles: ['province_admin', 'city_officer'],
    answer: openApiSchema(z.array(eligibleInspectorSchema), 'output'),
  })
  eligibleInspectors(actor: Actor, { id }: IdParams): Promise<EligibleInspector[]> {
    return this.inspectors.list(actor, id);
  }

  @RpcRoute(GetInspectionRpc, 'GET inspections/:id', { ...docs.get, params: ID.inspection })
  get() {}

  @RpcRoute(PutScoresRpc, 'PUT inspections/:id/scores', {
    ...docs.scores,
    params: ID.inspection,
    body: putScoresBodySchema,
  })
  scores() {}

  @RpcRoute(SignInspectionRpc, 'POST inspections/:id/sign', {
    ...docs.sign,
    params: ID.inspection,
    body: signInspectionBodySchema,
    status: 200,
  })
  sign() {}

  @RpcRoute(CancelInspectionRpc, 'POST inspections/:id/cancel', {
    ...docs.cancel,
    params: ID.inspection,
    body: cancelInspectionBodySchema,
    roles: ['province_admin', 'city_officer'],
    status: 200,
  })
  cancel() {}

  @RpcRoute(CreateRectificationRpc, 'POST inspections/:id/rectifications', {
    ...docs.rectify,
    params: ID.inspection,
    body: createRectificationBodySchema,
  })
  rectify() {}

  @RpcRoute(CloseRectificationRpc, 'POST rectifications/:id/close', {
    ...docs.close,
    params: ID.rectification,
    body: closeRectificationBodySchema,
    status: 200,
  })
  close() {}

  @HttpRoute('POST inspections/:id/items/:itemId/evidence', {
    ...docs.evidence,
    params: itemParams,
    answer: openApiSchema(evidenceFileSchema, 'output'),
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: BINARY.schema }, required: ['file'] } })
  evidence(
    actor: Actor,
    { id, itemId }: { id: string; itemId: string },
    @Req() request: FastifyRequest,
  ): Promise<EvidenceFile> {
    return this.uploads.receive(actor, id, itemId, request);
  }

  @HttpRoute('GET evidence/:id', { ...docs.download, params: ID.evidence })
  @ApiOkResponse({
    description: '文件内容（image/jpeg、image/png、image/webp 或 application/pdf）',
    content: { 'image/jpeg': BINARY, 'image/png': BINARY, 'image/webp': BINARY, 'application/pdf': BINARY },
  })
  download(actor: Actor, { id }: IdParams): Promise<StreamableFile> {
    return this.downloads.open(actor, id);
  }

  @RpcRoute(GetEvaluationSettingsRpc, 'GET programmes/:id/evaluation-settings', {
    ...docs.settings,
    params: ID.programme,
    roles: ['province_admin'],
  })
  settings() {}

  @RpcRoute(PutEvaluationSettingsRpc, 'PUT programmes/:id/evaluation-settings', {
    ...docs.putSettings,
    params: ID.programme,
    body: putEvaluationSettingsBodySchema,
    roles: ['province_admin'],
  })
  putSettings() {}
}
