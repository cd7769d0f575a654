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
