import { z } from 'zod';
import { defineEvent } from '../envelope';
import { roleSchema, type Actor } from '../identity';

/**
 * What the notifications service tells the world when inboxes receive something: which notifications, and
 * for whom. The gateway pushes it to the people it concerns (`GET /api/me/notifications/stream`); they
 * refetch their inbox to read it, so no content travels here. The subject lives in the broker: stable.
 */

/** An inbox's owner: one person (by username), or whoever holds a role in a region (a shared inbox). */
export const inboxAddresseeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), username: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('role'), role: roleSchema, regionCode: z.string().regex(/^\d{6}$/) }).strict(),
]);
export type InboxAddressee = z.infer<typeof inboxAddresseeSchema>;

/**
 * Whether a notification addressed so belongs to the actor's inbox: their username, or their role in one of
 * their own regions (the region itself, not one below it: a county's role inbox is the county officers'
 * own, not the city's). `InAppRepository`'s SQL applies exactly this rule to the stored rows.
 */
export function isAddressedTo(
  addressee: InboxAddressee,
  actor: Pick<Actor, 'username' | 'role' | 'regionCodes'>,
): boolean {
  if (addressee.kind === 'user') return addressee.username === actor.username;
  return addressee.role === actor.role && actor.regionCodes.includes(addressee.regionCode);
}

export const inboxDeliveredSchema = z.object({
  /** The instant the notifications were written (their `createdAt`). */
  createdAt: z.iso.datetime({ offset: true }),
  deliveries: z.array(z.object({ notificationId: z.uuid(), addressee: inboxAddresseeSchema }).strict()).min(1),
});
export type InboxDeliveredData = z.infer<typeof inboxDeliveredSchema>;

/** Most deliveries one event carries: a large firing batch is told in several events, each well under NATS' 1 MB. */
export const INBOX_DELIVERED_MAX_DELIVERIES = 500;

/** New notifications in one or more inboxes, written in one transaction (a firing batch, a notice). */
export const InboxDelivered = defineEvent({
  type: 'duban.notifications.inbox.delivered.v1',
  version: 1,
  aggregate: 'inbox-delivery',
  schema: inboxDeliveredSchema,
});
