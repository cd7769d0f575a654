import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ListDeliveriesRpc,
  type Actor,
  type OutboundMessageList,
  type OutboundState,
} from '@duban/contracts';
import { AuditLog, RpcHandler } from '@duban/platform';
import { DataSource } from 'typeorm';
import { OutboundRepository } from './outbound.repository';
import { mayManageChannels, regionPatterns } from './scope';

/**
 * `GET /api/notifications/deliveries?state=failed`: e-mail and webhook messages with their attempts, so a
 * failure is seen, not silent. The province sees all; a city officer, those carrying its counties' items.
 */
@Injectable()
export class DeliveriesHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbound: OutboundRepository,
    private readonly audit: AuditLog,
  ) {}

  @RpcHandler(ListDeliveriesRpc)
  async list(request: { actor: Actor; state?: OutboundState; limit?: number }): Promise<OutboundMessageList> {
    const { actor } = request;
    if (!mayManageChannels(actor)) {
      await this.audit.recordDenied({
        actor,
        action: 'notification-delivery.list',
        targetType: 'outbound_message',
        targetId: null,
      });
      throw new DomainError('forbidden', '无权查看通知发送记录');
    }
    const items = await this.outbound.list(this.dataSource.manager, {
      state: request.state ?? null,
      regionPatterns: actor.role === 'province_admin' ? null : regionPatterns(actor),
      limit: request.limit ?? 100,
    });
    return { items };
  }
}
