import { z } from 'zod';
import { withActor } from '../identity';
import { SERVICES, type ServiceName } from '../services';
import { defineRpc, type RpcDefinition } from './rpc';

/**
 * What an audit chain check found (tamper evidence, see @duban/platform's AuditChain). `brokenAt` is the id
 * of the first row whose hash does not hold: `altered` = the row itself was changed; `unlinked` = it no
 * longer follows the row before it (a row before it was removed, inserted or rewritten). `lastHash` is the
 * newest row's hash: kept elsewhere, it also proves that no tail was cut or rewritten.
 */
export const auditVerificationSchema = z.object({
  /** The service, or `gateway`, whose trail was checked. */
  service: z.string(),
  ok: z.boolean(),
  /** Rows checked, up to and including the first broken one. */
  checked: z.number().int().nonnegative(),
  brokenAt: z.string().nullable(),
  problem: z.enum(['altered', 'unlinked']).nullable(),
  /** For people (Chinese). */
  message: z.string(),
  lastHash: z.string().nullable(),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

export const auditVerifyRequestSchema = withActor({});
export type AuditVerifyRequest = z.infer<typeof auditVerifyRequestSchema>;

/**
 * Every service answers `<service>.audit.verify` (province admin only); the platform answers it, no service
 * code does. The gateway checks its own chain in-process.
 */
export const AuditVerifyRpc: Readonly<Record<ServiceName, RpcDefinition<AuditVerifyRequest, AuditVerification>>> =
  Object.freeze(
    Object.fromEntries(
      SERVICES.map((service) => [
        service,
        defineRpc({
          subject: `${service}.audit.verify`,
          service,
          request: auditVerifyRequestSchema,
          response: auditVerificationSchema,
        }),
      ]),
    ) as Record<ServiceName, RpcDefinition<AuditVerifyRequest, AuditVerification>>,
  );

/** The trails one can read: each service's and the gateway's own. */
export const AUDIT_TRAILS = [...SERVICES, 'gateway'] as const;
export const auditTrailSchema = z.enum(AUDIT_TRAILS, {
  error: '必须是 projects、funding、evaluation、notifications 或 gateway',
});
export type AuditTrail = z.infer<typeof auditTrailSchema>;

export const AUDIT_OUTCOMES = ['done', 'denied', 'refused'] as const;
export const AUDIT_OUTCOME_LABELS: Readonly<Record<(typeof AUDIT_OUTCOMES)[number], string>> = {
  done: '已执行',
  denied: '越权被拒',
  refused: '被退回',
};

/**
 * A page of one trail, newest first, filtered (`GET /api/audit/entries`, province admin only):
 * - `region`: rows about that region or below it (a row's region is the thing's region when the service
 *   names it, else the acting person's single region; see @duban/platform's AuditLog);
 * - `username`: rows by that person; `from`/`to`: local dates (Asia/Shanghai), both days included.
 */
export const auditEntriesQuerySchema = z
  .object({
    service: auditTrailSchema,
    region: z
      .string()
      .regex(/^\d{6}$/, '必须是 6 位行政区划代码')
      .optional(),
    username: z.string().trim().min(1, '不能为空').max(64, '不能超过 64 个字符').optional(),
    from: z.iso.date({ error: '必须是有效日期，格式 YYYY-MM-DD' }).optional(),
    to: z.iso.date({ error: '必须是有效日期，格式 YYYY-MM-DD' }).optional(),
    page: z.coerce.number({ error: '必须是正整数' }).int('必须是正整数').min(1, '页码从 1 开始').default(1),
    pageSize: z.coerce
      .number({ error: '必须是正整数' })
      .int('必须是正整数')
      .min(1, '每页至少 1 条')
      .max(200, '每页不能超过 200 条')
      .default(50),
  })
  .refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, {
    path: ['to'],
    message: '结束日期不能早于开始日期',
  });
export type AuditEntriesQuery = z.infer<typeof auditEntriesQuerySchema>;

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.iso.datetime({ offset: true }),
  actorUserId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  /** The region the row is about (see auditEntriesQuerySchema), or null. */
  regionCode: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  detail: z.string().nullable(),
  correlationId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({
  service: auditTrailSchema,
  items: z.array(auditEntrySchema),
  /** Rows matching the filter, on every page. */
  total: z.number().int().nonnegative(),
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

export const auditListRequestSchema = withActor({
  region: z.string().optional(),
  username: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
});
export type AuditListRequest = z.infer<typeof auditListRequestSchema>;

/** `<service>.audit.list` (province admin only), answered by the platform in every service. */
export const AuditListRpc: Readonly<Record<ServiceName, RpcDefinition<AuditListRequest, AuditPage>>> = Object.freeze(
  Object.fromEntries(
    SERVICES.map((service) => [
      service,
      defineRpc({
        subject: `${service}.audit.list`,
        service,
        request: auditListRequestSchema,
        response: auditPageSchema,
      }),
    ]),
  ) as Record<ServiceName, RpcDefinition<AuditListRequest, AuditPage>>,
);
