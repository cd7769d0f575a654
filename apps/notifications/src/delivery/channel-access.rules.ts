import { inScope, regionPathFromCode, type Actor, type ChannelAddressee, type Role } from '@duban/contracts';

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
