import type { ServiceName } from '@duban/contracts';

/**
 * The durable consumer through which this service hears each source's deadline events (a deadline's
 * `source` is the publishing service). The names live in the broker and in the inbox table: they are stable.
 * Firing asks the broker whether that consumer has caught up before it reminds anyone of a deadline, so a
 * completion already published is applied first.
 */
export const DEADLINE_EVENT_CONSUMERS = {
  projects: 'notifications-projects',
  evaluation: 'notifications-evaluation',
  funding: 'notifications-funding',
} as const satisfies Partial<Record<ServiceName, string>>;

export type DeadlineSource = keyof typeof DEADLINE_EVENT_CONSUMERS;

export function isKnownSource(source: string): source is DeadlineSource {
  return Object.hasOwn(DEADLINE_EVENT_CONSUMERS, source);
}
