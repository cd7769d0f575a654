import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Recipient } from '../deadlines/deadline';
import type { Channel, DeliveryContext, Endpoint, OutgoingMessage } from './channel';
import { InboxWriter } from './inbox-writer';

const INBOX: readonly Endpoint[] = Object.freeze([{ key: '', target: 'inbox', format: 'generic' }]);

/** The in-app inbox (`GET /api/me/notifications`): a row per recipient, written in the firing transaction. */
@Injectable()
export class InboxChannel implements Channel {
  readonly name = 'inbox' as const;

  constructor(private readonly inbox: InboxWriter) {}

  /** A person without an account has no inbox; a role's inbox is shared by whoever holds it. */
  endpoints(_manager: EntityManager, recipient: Recipient): Promise<readonly Endpoint[]> {
    return Promise.resolve(recipient.kind === 'role' || recipient.username !== null ? INBOX : []);
  }

  deliver(
    manager: EntityManager,
    message: OutgoingMessage,
    _context: DeliveryContext,
    at: Date,
  ): Promise<string | null> {
    return this.inbox.write(manager, [{ notification: message, createdAt: at }]).then(([id]) => id ?? null);
  }

  deliverMany(
    manager: EntityManager,
    deliveries: readonly { message: OutgoingMessage; context: DeliveryContext; at: Date }[],
  ): Promise<(string | null)[]> {
    return this.inbox.write(
      manager,
      deliveries.map(({ message, at }) => ({ notification: message, createdAt: at })),
    );
  }
}
