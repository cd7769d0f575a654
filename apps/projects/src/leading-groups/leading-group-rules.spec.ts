import type { OfficerRecord } from '../officers/officers.repository';
import { changesReminders, mergeOfficer, secondLeader } from './leading-group-rules';

const member: OfficerRecord = {
  id: '00000000-0000-4000-8000-000000000001',
  projectId: '00000000-0000-4000-8000-0000000000aa',
  name: '李淑云',
  role: 'member',
  title: '',
  unit: '',
  username: null,
  sort: 3,
  contacts: { mobile: null, email: null, dingtalkId: 'lsy', wecomId: null },
  smsOptedOut: false,
};

describe('leading-group rules', () => {
  it('applies only the fields given, contacts one by one (null clears one)', () => {
    const merged = mergeOfficer(member, { contacts: { email: 'lsy@example.invalid', dingtalkId: null } });
    expect(merged.contacts).toEqual({ mobile: null, email: 'lsy@example.invalid', dingtalkId: null, wecomId: null });
    expect(merged.name).toBe('李淑云');
  });

  it('re-addresses reminders for a new name, account or 组长, not for contacts or a title', () => {
    expect(changesReminders(member, mergeOfficer(member, { contacts: { mobile: '13800000000' } }))).toBe(false);
    expect(changesReminders(member, mergeOfficer(member, { title: '科长' }))).toBe(false);
    expect(changesReminders(member, mergeOfficer(member, { username: 'lishuyun' }))).toBe(true);
    expect(changesReminders(member, mergeOfficer(member, { role: 'leader' }))).toBe(true);
    expect(changesReminders(member, mergeOfficer(member, { role: 'deputy' }))).toBe(false);
  });

  it('allows one 组长 per group', () => {
    const leader = { ...member, id: '00000000-0000-4000-8000-000000000002', role: 'leader' as const };
    expect(secondLeader([member, leader], null)).toBe(true);
    expect(secondLeader([member, leader], leader.id)).toBe(false);
    expect(secondLeader([member], null)).toBe(false);
  });
});
