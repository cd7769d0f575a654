import { Controller, Req, type StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  importReportSchema,
  type Actor,
  type FundingRegionQuery,
  type ImportQuery,
  type ImportReport,
  type TaskListQuery,
} from '@duban/contracts';
import type { FastifyRequest } from 'fastify';
import { openApiSchema } from '../core/openapi-schema';
import { QUERY } from '../core/route-params';
import { HttpRoute } from '../core/route.decorator';
import { ExcelExports } from './excel-exports';
import { ExcelImports } from './excel-imports';
import { docs } from './exports.docs';
import { XLSX_TYPE } from './workbook-style';

const BINARY = { schema: { type: 'string', format: 'binary' } } as const;

/** The documents' tables as Excel files, both ways. */
@ApiTags('excel')
@ApiBearerAuth()
@Controller()
export class ExportsController {
  constructor(
    private readonly exports: ExcelExports,
    private readonly imports: ExcelImports,
  ) {}

  @HttpRoute('GET exports/task-list.xlsx', { ...docs.taskList, query: QUERY.taskList })
  @ApiOkResponse({ description: docs.taskList.ok, content: { [XLSX_TYPE]: BINARY } })
  taskList(actor: Actor, query: TaskListQuery): Promise<StreamableFile> {
    return this.exports.taskList(actor, query);
  }

  @HttpRoute('GET exports/funding.xlsx', { ...docs.funding, query: QUERY.fundingRegion })
  @ApiOkResponse({ description: docs.funding.ok, content: { [XLSX_TYPE]: BINARY } })
  funding(actor: Actor, query: FundingRegionQuery): Promise<StreamableFile> {
    return this.exports.funding(actor, query);
  }

  @HttpRoute('GET exports/leading-groups.xlsx', { ...docs.leadingGroups, query: QUERY.leadingGroups })
  @ApiOkResponse({ description: docs.leadingGroups.ok, content: { [XLSX_TYPE]: BINARY } })
  leadingGroups(actor: Actor, { region }: { region: string }): Promise<StreamableFile> {
    return this.exports.leadingGroups(actor, region);
  }

  @HttpRoute('POST imports/leading-groups', {
    ...docs.importLeadingGroups,
    query: QUERY.import,
    status: 200,
    answer: openApiSchema(importReportSchema, 'output'),
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: BINARY.schema }, required: ['file'] } })
  importLeadingGroups(actor: Actor, query: ImportQuery, @Req() request: FastifyRequest): Promise<ImportReport> {
    return this.imports.leadingGroups(actor, query, request);
  }

  @HttpRoute('POST imports/task-list', {
    ...docs.importTaskList,
    query: QUERY.import,
    status: 200,
    answer: openApiSchema(importReportSchema, 'output'),
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: BINARY.schema }, required: ['file'] } })
  importTaskList(actor: Actor, query: ImportQuery, @Req() request: FastifyRequest): Promise<ImportReport> {
    return this.imports.taskList(actor, query, request);
  }
}
