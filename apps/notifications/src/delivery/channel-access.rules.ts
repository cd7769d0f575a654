import { inScope, regionPathFromCode, ROLES, type Actor, type ChannelAddressee, type Role } from '@duban/contracts';

/**
 * Who may manage reminder channels and see external deliveries: the province admin, everything; a city
 * officer, the channels of roles in its scope (its own and its counties' offices, e.g. a county group's
 * DingTalk robot) but no person's own address; anyone else, nothing. Scope is the one rule, `inScope`.
 */
export const CHANNEL_MANAGERS: readonly Role[] = ['province_admin', 'city_officer'];

export function mayManageAddressee(actor: Actor, addressee: ChannelAddressee): boolean {
  if (actor.role === 'province_admin') return true;
  if (actor.role !== 'city_officer' || addressee.kind !== 'role') return false;
  return inScope(actor, regionPathFromCode(addressee.regionCode));
}

/**
 * The addressee a recipient key names (the inverse of `addresseeKey`): `user:<username>`,
 * `role:<role>@<region>`; a person without an account (`name:…`) has no channels, so none.
 */
export function addresseeOfKey(key: string): ChannelAddressee | null {
  if (key.startsWith('user:')) return { kind: 'user', username: key.slice('user:'.length) };
  const role = /^role:([a-z_]+)@(\d{6})$/.exec(key);
  if (!role?.[1] || !role[2] || !(ROLES as readonly string[]).includes(role[1])) return null;
  return { kind: 'role', role: role[1] as Role, regionCode: role[2] };
}

/** Shown in place of a destination the caller may not see. */
export const HIDDEN_TARGET = '（个人地址，已隐藏）';

/** What of one e-mail or webhook message a caller sees. */
export interface MessageVisibility<Delivery> {
  /** The deliveries whose deadline's region is in the caller's scope. */
  readonly deliveries: readonly Delivery[];
  /** Their recipients' keys, sorted, once each. */
  readonly recipients: readonly string[];
  /** Whether the destination (address, URL) may be shown, or only `HIDDEN_TARGET`. */
  readonly targetShown: boolean;
}

/**
 * A shared destination carries reminders of several regions to several addressees. A caller sees only the
 * reminders of its scope and who got those; the destination itself only where the channel list would show
 * it: to the province admin, or when one of the message's addressees is a role the caller manages. A
 * person's own e-mail or robot is for the province admin alone.
 */
export function messageVisibility<Delivery extends { readonly recipient: string; readonly regionCode: string }>(
  actor: Actor,
  deliveries: readonly Delivery[],
): MessageVisibility<Delivery> {
  const visible = deliveries.filter((delivery) => inScope(actor, regionPathFromCode(delivery.regionCode)));
  const targetShown = deliveries.some((delivery) => {
    const addressee = addresseeOfKey(delivery.recipient);
    return addressee !== null && mayManageAddressee(actor, addressee);
  });
  return {
    deliveries: visible,
    recipients: [...new Set(visible.map((delivery) => delivery.recipient))].sort(),
    targetShown: actor.role === 'province_admin' || targetShown,
  };
}
