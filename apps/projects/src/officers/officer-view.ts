import { OFFICER_ROLE_LABELS, type OfficerRef, type OfficerView } from '@duban/contracts';
import type { OfficerRecord } from './officers.repository';

export function toOfficerView(officer: OfficerRecord): OfficerView {
  return {
    id: officer.id,
    name: officer.name,
    role: officer.role,
    roleLabel: OFFICER_ROLE_LABELS[officer.role],
    title: officer.title,
    unit: officer.unit,
    username: officer.username,
    contacts: { ...officer.contacts },
    smsOptedOut: officer.smsOptedOut,
  };
}

export function toOfficerRef(officer: OfficerRecord): OfficerRef {
  return { id: officer.id, name: officer.name, username: officer.username };
}

/** The county's 组长 (the first listed, should a group ever name two), who gets overdue alerts. */
export function leaderOf(officers: readonly OfficerRecord[]): OfficerRecord | null {
  return officers.find((officer) => officer.role === 'leader') ?? null;
}
