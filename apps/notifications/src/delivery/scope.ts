import type { Actor, ChannelAddressee } from '@duban/contracts';

/**
 * Who may manage reminder channels and see external deliveries: the province admin, everything; a city
 * officer, the channels of roles in its city (its own and its counties' offices, e.g. a county group's
 * DingTalk robot) but no person's own address; anyone else, nothing.
 */
export function mayManageChannels(actor: Actor): boolean {
  return actor.role === 'province_admin' || actor.role === 'city_officer';
}

export function mayManageAddressee(actor: Actor, addressee: ChannelAddressee): boolean {
  if (actor.role === 'province_admin') return true;
  if (actor.role !== 'city_officer' || addressee.kind !== 'role') return false;
  return actor.regionCodes.some((scope) => withinRegion(addressee.regionCode, scope));
}

/** GB/T 2260 codes are hierarchical: 140000 holds 14xxxx, 141100 holds 1411xx, a county only itself. */
export function withinRegion(region: string, scope: string): boolean {
  if (scope.endsWith('0000')) return region.startsWith(scope.slice(0, 2));
  if (scope.endsWith('00')) return region.startsWith(scope.slice(0, 4));
  return region === scope;
}

/** SQL LIKE patterns of the actor's regions, for filtering by a region code column. */
export function regionPatterns(actor: Actor): string[] {
  return actor.regionCodes.map((scope) =>
    scope.endsWith('0000') ? `${scope.slice(0, 2)}%` : scope.endsWith('00') ? `${scope.slice(0, 4)}%` : scope,
  );
}
