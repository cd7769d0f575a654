import {
  AUDIT_TRAILS,
  auditEntriesQuerySchema,
  dashboardQuerySchema,
  fundingRegionQuerySchema,
  idSchema,
  importQuerySchema,
  listDeliveriesQuerySchema,
  listNotificationsQuerySchema,
  listProjectsQuerySchema,
  listProgrammesQuerySchema,
  listRegionsQuerySchema,
  templateCodeSchema,
  OUTBOUND_STATES,
  programmeBudgetQuerySchema,
  listExpendituresQuerySchema,
  regionCodeSchema,
  taskListQuerySchema,
  reportMonthSchema,
} from '@duban/contracts';
import type { ApiQueryOptions } from '@nestjs/swagger';
import { z } from 'zod';
import type { IdRoute, RouteParams } from './route.decorator';

/**
 * Every parameter the routes take from the path or the query string: the schema that validates it (400
 * naming the field before any service is asked) and what the OpenAPI document says of it.
 */

/** `:id` in a path: a UUID. */
export const idParams = z.object({ id: idSchema }).strict();
export type IdParams = z.infer<typeof idParams>;

/** The `:id` of a route, named as the RPCs name it. */
function pathId<Field extends string>(description: string, field: Field): IdRoute<Field> {
  return { schema: idParams, docs: [{ name: 'id', format: 'uuid', description }], field };
}

/** Every `:id` the routes take, by what it names. */
export const ID = {
  project: pathId('项目 id', 'projectId'),
  programme: pathId('计划 id', 'programmeId'),
  milestone: pathId('节点 id', 'milestoneId'),
  report: pathId('月报 id', 'reportId'),
  rubric: pathId('评分标准 id', 'rubricId'),
  inspection: pathId('检查 id', 'inspectionId'),
  rectification: pathId('整改项 id', 'rectificationId'),
  evidence: pathId('证据文件 id', 'evidenceId'),
  milestoneFile: pathId('节点文件 id', 'fileId'),
  notification: pathId('通知 id', 'notificationId'),
  account: pathId('账号 id', 'accountId'),
  officer: pathId('领导小组成员 id', 'officerId'),
  expenditure: pathId('支出记录 id', 'expenditureId'),
  disbursement: pathId('拨付记录 id', 'disbursementId'),
} as const;

/**
 * `:year` in a path (`calendars/:year`): four digits. Handed on as the route's id (`{ id }`), so an RpcRoute
 * takes it as it takes any `:id`; the route's `request` turns it into the RPC's number.
 */
export const YEAR: IdRoute<'year'> = {
  schema: z
    .object({ year: z.string().regex(/^\d{4}$/, '必须是 4 位年份，如 2027') })
    .strict()
    .transform(({ year }) => ({ id: year })),
  docs: [{ name: 'year', type: 'integer', description: '年份，如 2027', example: 2027 }],
  field: 'year',
};

/** `:code` in a path (`programme-templates/:code`): a template's code, handed on as the route's id. */
export const TEMPLATE_CODE: IdRoute<'templateCode'> = {
  schema: z
    .object({ code: templateCodeSchema.max(100, '不能超过 100 个字符') })
    .strict()
    .transform(({ code }) => ({ id: code })),
  docs: [{ name: 'code', type: 'string', description: '计划模板代码，如 gig-markets', example: 'gig-markets' }],
  field: 'templateCode',
};

/** `inspections/:id/items/:itemId`: an item of an inspection. */
export const itemParams: RouteParams<{ id: string; itemId: string }> = {
  schema: z.object({ id: idSchema, itemId: idSchema }),
  docs: [...ID.inspection.docs, { name: 'itemId', format: 'uuid', description: '条目 id' }],
};

const query = <T>(schema: z.ZodType<T>, ...docs: ApiQueryOptions[]): RouteParams<T, ApiQueryOptions> => ({
  schema,
  docs,
});

/** `GET /api/audit`: the gateway's own trail. */
const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  action: z.string().min(1).max(100).optional(),
  outcome: z.enum(['done', 'denied', 'refused']).optional(),
  correlationId: z.string().min(1).max(128).optional(),
  username: z.string().min(1).max(64).optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** `GET /api/reports/summary.pdf`: a region's monthly summary. */
const summaryQuerySchema = z
  .object({ region: regionCodeSchema, month: reportMonthSchema, programmeId: idSchema.optional() })
  .strict();

/** Every query string the routes take, by route. */
export const QUERY = {
  projects: query(
    listProjectsQuerySchema,
    { name: 'region', required: false, description: '6 位行政区划代码，如 141100（吕梁市）' },
    { name: 'programmeId', required: false, description: '年度计划 id' },
  ),
  programmes: query(listProgrammesQuerySchema, {
    name: 'archived',
    required: false,
    description: 'true：连同已归档的计划一起列出；缺省只列进行中和已关闭的计划',
    schema: { type: 'string', enum: ['true', 'false'] },
  }),
  regions: query(listRegionsQuerySchema, {
    name: 'parent',
    required: false,
    description: '上级地区的 6 位代码，如 140000',
  }),
  dashboard: query(
    dashboardQuerySchema,
    { name: 'region', description: '6 位行政区划代码，须在您的权限范围内', example: '141100' },
    { name: 'programmeId', required: false, description: '民生实事项目 id；缺省为覆盖该地区的最新年度项目' },
  ),
  fundingRegion: query(
    fundingRegionQuerySchema,
    { name: 'region', description: '6 位行政区划代码（省、市或县），须在您的权限范围内', example: '141100' },
    { name: 'programme', required: false, description: '年度计划代码；缺省为该地区最近年度的计划' },
  ),
  expenditures: query(
    listExpendituresQuerySchema,
    { name: 'before', required: false, description: '上一页的 nextBefore（支出 id）；缺省为最新一页' },
    { name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500 } },
  ),
  taskList: query(
    taskListQuerySchema,
    { name: 'region', description: '6 位行政区划代码（省、市或县），须在您的权限范围内', example: '141100' },
    {
      name: 'month',
      required: false,
      description: '月份 YYYY-MM：填入该月月报的本月工作内容等及运营数据；缺省不填',
      example: '2023-10',
    },
    { name: 'programmeId', required: false, description: '年度计划 id；缺省为该地区最新年度的计划' },
  ),
  leadingGroups: query(z.object({ region: regionCodeSchema }).strict(), {
    name: 'region',
    description: '6 位行政区划代码（省、市或县），须在您的权限范围内',
    example: '141100',
  }),
  import: query(importQuerySchema, {
    name: 'mode',
    required: false,
    description:
      'preview：只预览，不写入；all-or-nothing（缺省）：任何一行有误则整个文件不写入（400，逐行列出）；valid-rows：只写入无误的行',
    schema: { type: 'string', enum: ['preview', 'all-or-nothing', 'valid-rows'] },
  }),
  summary: query(
    summaryQuerySchema,
    { name: 'region', description: '6 位行政区划代码（省、市或县），须在您的权限范围内', example: '141100' },
    { name: 'month', description: '月份 YYYY-MM', example: '2023-10' },
    { name: 'programmeId', required: false, description: '民生实事项目 id；缺省为覆盖该地区的最新年度项目' },
  ),
  budget: query(programmeBudgetQuerySchema, {
    name: 'programme',
    description: '年度计划代码',
    example: 'shanxi-2023-gig-markets',
  }),
  notifications: query(
    listNotificationsQuerySchema,
    { name: 'unread', required: false, enum: ['true', 'false'] },
    { name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200 } },
  ),
  deliveries: query(
    listDeliveriesQuerySchema,
    { name: 'state', required: false, enum: [...OUTBOUND_STATES] },
    { name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500 } },
  ),
  auditEntries: query(
    auditEntriesQuerySchema,
    { name: 'service', required: true, enum: [...AUDIT_TRAILS], description: '哪个服务的审计记录' },
    { name: 'region', required: false, description: '6 位行政区划代码：该地区及其下级地区的记录', example: '141100' },
    { name: 'username', required: false, description: '操作人用户名' },
    { name: 'from', required: false, description: '开始日期（含），YYYY-MM-DD，北京时间', example: '2026-12-01' },
    { name: 'to', required: false, description: '结束日期（含），YYYY-MM-DD，北京时间' },
    { name: 'page', required: false, type: Number, description: '页码，从 1 开始' },
    { name: 'pageSize', required: false, type: Number, description: '每页条数，1–200，默认 50' },
  ),
  audit: query(
    auditQuerySchema,
    { name: 'limit', required: false, type: Number, description: '1–500, default 100' },
    { name: 'action', required: false, example: 'auth.login' },
    { name: 'outcome', required: false, enum: ['done', 'denied', 'refused'] },
    { name: 'correlationId', required: false },
    { name: 'username', required: false },
  ),
} as const;
