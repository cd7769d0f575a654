import { Injectable } from '@nestjs/common';
import {
  AuditListRpc,
  AuditVerifyRpc,
  DeadLetterReplayRpc,
  DeadLettersListRpc,
  HealthRpc,
  type Actor,
  type AuditListRequest,
  type AuditVerifyRequest,
  type DeadLetterReplayRequest,
  type DeadLettersListRequest,
  type ServiceName,
} from '@duban/contracts';
import { Access } from '../access/access';
import { AuditChain } from '../audit/audit-chain';
import { AuditEntries } from '../audit/audit-entries';
import { DeadLetters } from '../messaging/dead-letters/dead-letters.service';
import { ServiceHealthCheck } from './service-health-check';

/** A handler of a platform-owned RPC: gets the request already parsed by its contract. */
export type PlatformRpcHandler = (request: never) => Promise<unknown>;

/**
 * The RPCs every service answers with the same platform code, so no service declares a handler for them:
 * its health, the check of its audit chain and the reading of its trail, and its dead letters (listed and replayed). Which subjects
 * depend on the service, so the transport registers them (see DubanTransport), not decorators. Only a
 * province admin may check or read the chain or touch dead letters; a refusal is audited as 403.
 */
@Injectable()
export class PlatformRpcs {
  constructor(
    private readonly health: ServiceHealthCheck,
    private readonly chain: AuditChain,
    private readonly entries: AuditEntries,
    private readonly deadLetters: DeadLetters,
    private readonly access: Access,
  ) {}

  handlers(service: ServiceName): ReadonlyMap<string, PlatformRpcHandler> {
    return new Map<string, PlatformRpcHandler>([
      [HealthRpc[service].subject, () => this.health.check()],
      [
        AuditVerifyRpc[service].subject,
        async (request: AuditVerifyRequest) => {
          await this.provinceAdminOnly(request.actor, 'audit.verify', 'audit_log', null);
          return this.chain.verify();
        },
      ],
      [
        AuditListRpc[service].subject,
        async ({ actor, ...filter }: AuditListRequest) => {
          await this.provinceAdminOnly(actor, 'audit.list', 'audit_log', null);
          return { service, page: filter.page, pageSize: filter.pageSize, ...(await this.entries.list(filter)) };
        },
      ],
      [
        DeadLettersListRpc[service].subject,
        async (request: DeadLettersListRequest) => {
          await this.provinceAdminOnly(request.actor, 'dead-letter.list', 'dead_letter', null);
          return { items: await this.deadLetters.list(request) };
        },
      ],
      [
        DeadLetterReplayRpc[service].subject,
        async (request: DeadLetterReplayRequest) => {
          await this.provinceAdminOnly(request.actor, 'dead-letter.replay', 'dead_letter', request.id);
          return this.deadLetters.replay(request.actor, request.id);
        },
      ],
    ]);
  }

  private provinceAdminOnly(actor: Actor, action: string, targetType: string, targetId: string | null): Promise<void> {
    return this.access.requireRole({ actor, action, targetType, targetId }, ['province_admin']);
  }
}
