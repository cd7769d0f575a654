import { mayAcknowledge, mayOversee, nextUrgeAt } from './oversight-rules';
import type { OfficerRecord } from '../officers/officers.repository';

const officer = (username: string | null, role: OfficerRecord['role']): OfficerRecord => ({
  id: `id-${username}`,
  projectId: 'p',
  name: username ?? '无账号',
  role,
  title: '',
  unit: '',
  username,
  sort: 0,
  contacts: { mobile: null, email: null, dingtalkId: null, wecomId: null },
  smsOptedOut: false,
});
const group = [officer('zhangzhenyu', 'leader'), officer('linxian', 'deputy'), officer(null, 'member')];

describe('who oversees a milestone', () => {
  it('lets the city, the province and the county’s 组长 urge; not a deputy, the county officer or an inspector', () => {
    expect(mayOversee({ role: 'city_officer', username: 'lvliang' }, group)).toBe(true);
    expect(mayOversee({ role: 'province_admin', username: 'province' }, group)).toBe(true);
    expect(mayOversee({ role: 'leading_member', username: 'zhangzhenyu' }, group)).toBe(true);
    expect(mayOversee({ role: 'leading_member', username: 'linxian' }, group)).toBe(false);
    expect(mayOversee({ role: 'county_officer', username: 'linxian' }, group)).toBe(false);
    expect(mayOversee({ role: 'inspector', username: 'inspector' }, group)).toBe(false);
  });

  it('lets the county acknowledge: its officer and its group’s members, not the city', () => {
    expect(mayAcknowledge({ role: 'county_officer', username: 'linxian' }, group)).toBe(true);
    expect(mayAcknowledge({ role: 'leading_member', username: 'linxian' }, group)).toBe(true);
    expect(mayAcknowledge({ role: 'leading_member', username: 'someone-else' }, group)).toBe(false);
    expect(mayAcknowledge({ role: 'city_officer', username: 'lvliang' }, group)).toBe(false);
  });

  it('allows the next urging an hour after the last, to the millisecond', () => {
    const last = new Date('2026-12-05T01:00:00Z');
    expect(nextUrgeAt(null, last)).toBeNull();
    expect(nextUrgeAt(last, new Date('2026-12-05T01:59:59.999Z'))).toEqual(new Date('2026-12-05T02:00:00Z'));
    expect(nextUrgeAt(last, new Date('2026-12-05T02:00:00Z'))).toBeNull();
  });
});
