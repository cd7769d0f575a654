import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Recipient } from '../deadlines/deadline';
import type { Channel, OutgoingMessage } from './channel';
import { InboxRepository } from './inbox.repository';

/** The in-app inbox (`GET /api/me/notifications`): a row per recipient, written in the firing transaction. */
@Injectable()
export class InboxChannel implements Channel {
  readonly name = 'inbox' as const;

  constructor(private readonly inbox: InboxRepository) {}

  reaches(recipient: Recipient): boolean {
    return recipient.kind === 'role' || recipient.username !== null;
  }

  deliver(manager: EntityManager, message: OutgoingMessage, at: Date): Promise<string | null> {
    return this.inbox.insert(manager, message, at);
  }
}
