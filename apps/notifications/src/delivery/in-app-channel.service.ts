import { Injectable } from '@nestjs/common';
import type { Tx } from '@duban/platform';
import { InAppWriter } from '../in-app/in-app-writer.service';
import type { Recipient } from '../recipients/recipient.rules';
import type { Channel, ChannelDelivery, ChannelOutcome, Endpoint } from './channel.rules';

const IN_APP: readonly Endpoint[] = Object.freeze([{ key: '', target: 'inbox', format: 'generic' }]);

/**
 * The in-app inbox (`GET /api/me/notifications`) as a delivery channel: a row per recipient, written in the
 * firing transaction, all of a batch in one statement. Not in the delivery log: the row's unique key (source,
 * recipient) is its once-guard, and a delivery whose row exists is not made again (its outcome has no id).
 */
@Injectable()
export class InAppChannel implements Channel {
  readonly name = 'inbox' as const;
  readonly logged = false;

  constructor(private readonly writer: InAppWriter) {}

  /** A person without an account has no inbox; a role's inbox is shared by whoever holds it. */
  endpoints(_tx: Tx, recipients: readonly Recipient[]): Promise<(readonly Endpoint[])[]> {
    return Promise.resolve(
      recipients.map((recipient) => (recipient.kind === 'role' || recipient.username !== null ? IN_APP : [])),
    );
  }

  async deliverMany(tx: Tx, deliveries: readonly ChannelDelivery[]): Promise<ChannelOutcome[]> {
    const ids = await this.writer.write(
      tx,
      deliveries.map(({ message, at }) => ({ notification: message, createdAt: at })),
    );
    return ids.map((notificationId) => ({ notificationId, attempt: null }));
  }
}
