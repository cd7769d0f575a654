import type { Addressee, InboxAddressee, Responsible, Role } from '@duban/contracts';

/**
 * Who receives a reminder or a notice: a named person (maybe without an account), or whoever holds a role in
 * a region. Every feature speaks of recipients this way: deadlines name them, delivery reaches them, the
 * in-app inbox files them.
 */
export type Recipient =
  | {
      readonly kind: 'user';
      readonly username: string | null;
      readonly name: string;
      /** A leading-group member (the projects service's officer id): how one without an account is reached. */
      readonly officerId?: string;
    }
  | { readonly kind: 'role'; readonly role: Role; readonly regionCode: string };

/**
 * A stable key for one recipient: the delivery log, the in-app inbox and the address book are unique per
 * key. A person with an account is `user:<username>` (channels set at /api/notification-channels); a
 * leading-group member without one is `officer:<id>` (the group's contacts, from OfficerChanged); a named
 * person known by neither, `name:<name>` (nothing reaches them beyond the record).
 */
export function recipientKey(recipient: Recipient): string {
  if (recipient.kind === 'role') return `role:${recipient.role}@${recipient.regionCode}`;
  if (recipient.username) return `user:${recipient.username}`;
  return recipient.officerId ? officerKey(recipient.officerId) : `name:${recipient.name}`;
}

/** The address-book key of a leading-group member's own contacts. */
export function officerKey(officerId: string): string {
  return `officer:${officerId}`;
}

/** An addressee named by another service's event, as a recipient. */
export function addresseeRecipient(addressee: Addressee): Recipient {
  return addressee.kind === 'user'
    ? { kind: 'user', username: addressee.username, name: addressee.name }
    : { kind: 'role', role: addressee.role, regionCode: addressee.regionCode };
}

/** Who answers for a deadline, as a recipient: a leading-group member keeps the officer id their contacts are under. */
export function responsibleRecipient(responsible: Responsible): Recipient {
  return responsible.kind === 'officer'
    ? { kind: 'user', username: responsible.username, name: responsible.name, officerId: responsible.officerId }
    : addresseeRecipient(responsible);
}

/** Whose in-app inbox a recipient's notification lands in; a person without an account has none. */
export function inboxAddressee(recipient: Recipient): InboxAddressee | null {
  if (recipient.kind === 'role') return { kind: 'role', role: recipient.role, regionCode: recipient.regionCode };
  return recipient.username ? { kind: 'user', username: recipient.username } : null;
}
