import type { EntityManager } from 'typeorm';
import type { Recipient } from '../deadlines/deadline';

/** One message for one recipient, ready to go out on a channel. */
export interface OutgoingMessage {
  readonly recipient: Recipient;
  readonly sourceKey: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly projectId: string | null;
  readonly regionCode: string | null;
  readonly stage: string;
  readonly title: string;
  readonly body: string;
  readonly link: string | null;
}

/** Channel names are stored in the delivery log: stable. */
export type ChannelName = 'inbox' | 'email' | 'webhook';

/**
 * A way to reach people. `deliver` runs inside the firing transaction, after the delivery log row for
 * (deadline, stage, recipient, channel) was inserted: a channel that writes to Postgres (the inbox) commits
 * with it; an external one must only enqueue there (an outbox of its own), never call out.
 */
export interface Channel {
  readonly name: ChannelName;
  /** Whether this channel can reach the recipient at all (a person without an account has no inbox). */
  reaches(recipient: Recipient): boolean;
  /** Returns the id of what was written (the notification id for the inbox). */
  deliver(manager: EntityManager, message: OutgoingMessage, at: Date): Promise<string | null>;
}
