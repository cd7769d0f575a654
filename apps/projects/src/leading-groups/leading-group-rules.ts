import type { UpdateOfficerBody } from '@duban/contracts';
import type { OfficerRecord } from '../officers/officers.repository';

/** The officer with the changes applied (only the fields given; contacts: only the contacts given). */
export function mergeOfficer(officer: OfficerRecord, changes: UpdateOfficerBody): OfficerRecord {
  return {
    ...officer,
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.role !== undefined && { role: changes.role }),
    ...(changes.title !== undefined && { title: changes.title }),
    ...(changes.unit !== undefined && { unit: changes.unit }),
    ...(changes.username !== undefined && { username: changes.username }),
    contacts: {
      mobile: changes.contacts?.mobile !== undefined ? changes.contacts.mobile : officer.contacts.mobile,
      email: changes.contacts?.email !== undefined ? changes.contacts.email : officer.contacts.email,
      dingtalkId:
        changes.contacts?.dingtalkId !== undefined ? changes.contacts.dingtalkId : officer.contacts.dingtalkId,
      wecomId: changes.contacts?.wecomId !== undefined ? changes.contacts.wecomId : officer.contacts.wecomId,
    },
    ...(changes.smsOptedOut !== undefined && { smsOptedOut: changes.smsOptedOut }),
  };
}

/** Whether a change alters whom reminders name: the name or account they carry, or who is 组长. */
export function changesReminders(before: OfficerRecord, after: OfficerRecord): boolean {
  return (
    before.name !== after.name ||
    before.username !== after.username ||
    (before.role === 'leader') !== (after.role === 'leader')
  );
}

/** Whether the group has a 组长 other than `exceptId` (one 组长 per county: the one escalations name). */
export function secondLeader(group: readonly OfficerRecord[], exceptId: string | null): boolean {
  return group.some((officer) => officer.role === 'leader' && officer.id !== exceptId);
}
