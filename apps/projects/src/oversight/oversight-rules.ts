import { URGE_INTERVAL_MS, type Actor, type Role } from '@duban/contracts';
import type { OfficerRecord } from '../officers/officers.repository';

/** Above the county: the city and the province oversee its work. */
const OVERSEERS: readonly Role[] = ['province_admin', 'city_officer'];

/**
 * Who may urge (催办) a milestone or write an instruction (批示) on it: a city or province officer (in scope:
 * the loader's check), or the county's own 组长, who leads its group.
 */
export function mayOversee(actor: Pick<Actor, 'role' | 'username'>, officers: readonly OfficerRecord[]): boolean {
  if (OVERSEERS.includes(actor.role)) return true;
  return (
    actor.role === 'leading_member' &&
    officers.some((officer) => officer.role === 'leader' && officer.username === actor.username)
  );
}

/** Who acknowledges an instruction for the county: its officers (专班) and the members of its leading group. */
export function mayAcknowledge(actor: Pick<Actor, 'role' | 'username'>, officers: readonly OfficerRecord[]): boolean {
  if (actor.role === 'county_officer') return true;
  return actor.role === 'leading_member' && officers.some((officer) => officer.username === actor.username);
}

/** When the milestone may be urged again after its latest urging (null: now). */
export function nextUrgeAt(lastUrgedAt: Date | null, now: Date): Date | null {
  if (lastUrgedAt === null) return null;
  const next = new Date(lastUrgedAt.getTime() + URGE_INTERVAL_MS);
  return next.getTime() > now.getTime() ? next : null;
}
