import { Injectable } from '@nestjs/common';
import {
  inScope,
  regionPathFromCode,
  type Actor,
  type OutboundMessageList,
  type OutboundState,
} from '@duban/contracts';
import { Access, Transactions } from '@duban/platform';
import { DeadlinesRepository } from '../deadlines/deadlines.repository';
import { CHANNEL_MANAGERS, messageVisibility } from './channel-access.rules';
import { outboundMessageView } from './deliveries-view';
import { OutboundRepository } from './outbound.repository';

/**
 * E-mail and webhook messages with their attempts, so a failure is seen, not silent. The province sees
 * all; a city officer, those carrying its counties' items (the one scope rule, over the regions deadlines
 * lie in), and of a message shared with other regions only its own items and recipients, and no person's
 * own address (see `messageVisibility`).
 */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly outbound: OutboundRepository,
    private readonly deadlines: DeadlinesRepository,
    private readonly access: Access,
  ) {}

  async list(actor: Actor, state: OutboundState | null, limit: number): Promise<OutboundMessageList> {
    await this.access.requireRole(
      { actor, action: 'notification-delivery.list', targetType: 'outbound_message', targetId: null },
      CHANNEL_MANAGERS,
      '无权查看通知发送记录',
    );
    const tx = this.transactions.none;
    const visible = (await this.deadlines.regionCodes(tx)).filter((code) => inScope(actor, regionPathFromCode(code)));
    const records = await this.outbound.list(tx, { state, regionCodes: visible, limit });
    return {
      items: records.map((record) => outboundMessageView(record, messageVisibility(actor, record.deliveries))),
    };
  }
}
