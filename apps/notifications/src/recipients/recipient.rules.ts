import type { Addressee, InboxAddressee, Role } from '@duban/contracts';

/**
 * Who receives a reminder or a notice: a named person (maybe without an account), or whoever holds a role in
 * a region. Every feature speaks of recipients this way: deadlines name them, delivery reaches them, the
 * in-app inbox files them.
 */
export type Recipient =
  | { readonly kind: 'user'; readonly username: string | null; readonly name: string }
  | { readonly kind: 'role'; readonly role: Role; readonly regionCode: string };

/** A stable key for one recipient: the delivery log and the in-app inbox are unique per key. */
export function recipientKey(recipient: Recipient): string {
  if (recipient.kind === 'role') return `role:${recipient.role}@${recipient.regionCode}`;
  return recipient.username ? `user:${recipient.username}` : `name:${recipient.name}`;
}

/** An addressee named by another service's event, as a recipient. */
export function addresseeRecipient(addressee: Addressee): Recipient {
  return addressee.kind === 'user'
    ? { kind: 'user', username: addressee.username, name: addressee.name }
    : { kind: 'role', role: addressee.role, regionCode: addressee.regionCode };
}

/** Whose in-app inbox a recipient's notification lands in; a person without an account has none. */
export function inboxAddressee(recipient: Recipient): InboxAddressee | null {
  if (recipient.kind === 'role') return { kind: 'role', role: recipient.role, regionCode: recipient.regionCode };
  return recipient.username ? { kind: 'user', username: recipient.username } : null;
}
