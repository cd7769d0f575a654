import { Controller, Req, type StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CompleteMilestoneRpc,
  CreateMilestoneRpc,
  ListMilestoneFilesRpc,
  ListMilestonesRpc,
  ReopenMilestoneRpc,
  UpdateMilestoneRpc,
  completeMilestoneBodySchema,
  createMilestoneBodySchema,
  reopenMilestoneBodySchema,
  updateMilestoneBodySchema,
  milestoneFileSchema,
  type Actor,
  type MilestoneFile,
} from '@duban/contracts';
import type { FastifyRequest } from 'fastify';
import { openApiSchema, PROBLEM } from '../core/openapi-schema';
import { ID, type IdParams } from '../core/route-params';
import { HttpRoute, RpcRoute } from '../core/route.decorator';
import { MilestoneFiles } from './milestone-files';
import { docs } from './milestones.docs';

const BINARY = { schema: { type: 'string', format: 'binary' } } as const;

/** A project's milestones, answered by the projects service (which enforces scope and roles). */
@ApiTags('milestones')
@ApiBearerAuth()
@ApiResponse({ status: 400, description: PROBLEM.badRequest })
@Controller()
export class MilestonesController {
  constructor(private readonly files: MilestoneFiles) {}

  @RpcRoute(ListMilestonesRpc, 'GET projects/:id/milestones', { ...docs.list, params: ID.project })
  list() {}

  @RpcRoute(CreateMilestoneRpc, 'POST projects/:id/milestones', {
    ...docs.create,
    params: ID.project,
    body: createMilestoneBodySchema,
    request: (actor, { id }, milestone) => ({ actor, projectId: id, milestone }),
  })
  create() {}

  @RpcRoute(UpdateMilestoneRpc, 'PATCH milestones/:id', {
    ...docs.update,
    params: ID.milestone,
    body: updateMilestoneBodySchema,
    request: (actor, { id }, changes) => ({ actor, milestoneId: id, changes }),
  })
  update() {}

  @RpcRoute(CompleteMilestoneRpc, 'POST milestones/:id/complete', {
    ...docs.complete,
    params: ID.milestone,
    body: completeMilestoneBodySchema,
    status: 200,
  })
  complete() {}

  @RpcRoute(ReopenMilestoneRpc, 'POST milestones/:id/reopen', {
    ...docs.reopen,
    params: ID.milestone,
    body: reopenMilestoneBodySchema,
    status: 200,
  })
  reopen() {}

  @HttpRoute('POST milestones/:id/evidence', {
    ...docs.attach,
    params: ID.milestone,
    answer: openApiSchema(milestoneFileSchema, 'output'),
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: BINARY.schema }, required: ['file'] } })
  attach(actor: Actor, { id }: IdParams, @Req() request: FastifyRequest): Promise<MilestoneFile> {
    return this.files.receive(actor, id, request);
  }

  @RpcRoute(ListMilestoneFilesRpc, 'GET milestones/:id/evidence', { ...docs.files, params: ID.milestone })
  listFiles() {}

  @HttpRoute('GET milestone-evidence/:id', { ...docs.download, params: ID.milestoneFile })
  @ApiOkResponse({
    description: '文件内容（application/pdf、image/jpeg、image/png 或 image/webp）',
    content: { 'application/pdf': BINARY, 'image/jpeg': BINARY, 'image/png': BINARY, 'image/webp': BINARY },
  })
  download(actor: Actor, { id }: IdParams): Promise<StreamableFile> {
    return this.files.open(actor, id);
  }
}
