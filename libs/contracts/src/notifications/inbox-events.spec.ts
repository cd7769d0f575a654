import { isAddressedTo } from './inbox-events';

describe('isAddressedTo (who sees a notification live, as in the inbox listing)', () => {
  const lvliang = { username: 'lvliang', role: 'city_officer' as const, regionCodes: ['141100'] };
  const inspector = { username: 'inspector', role: 'inspector' as const, regionCodes: ['141124', '141102'] };

  it('matches a person by username only', () => {
    expect(isAddressedTo({ kind: 'user', username: 'lvliang' }, lvliang)).toBe(true);
    expect(isAddressedTo({ kind: 'user', username: 'taiyuan' }, lvliang)).toBe(false);
  });

  it('matches a role in one of the actor’s own regions, not another region nor one below it', () => {
    expect(isAddressedTo({ kind: 'role', role: 'city_officer', regionCode: '141100' }, lvliang)).toBe(true);
    expect(isAddressedTo({ kind: 'role', role: 'city_officer', regionCode: '140100' }, lvliang)).toBe(false);
    expect(isAddressedTo({ kind: 'role', role: 'city_officer', regionCode: '141124' }, lvliang)).toBe(false);
    expect(isAddressedTo({ kind: 'role', role: 'county_officer', regionCode: '141100' }, lvliang)).toBe(false);
    expect(isAddressedTo({ kind: 'role', role: 'inspector', regionCode: '141102' }, inspector)).toBe(true);
  });
});
