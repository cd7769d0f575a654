import { administers, grantProblems, levelOfCode, passwordProblems } from './account-admin-rules';

const province = { role: 'province_admin' as const, regionCodes: ['140000'] };
const lvliang = { role: 'city_officer' as const, regionCodes: ['141100'] };

describe('account administration rules', () => {
  it('lets the province administer every role in the province, a city officer its counties only', () => {
    expect(grantProblems(province, 'city_officer', ['141100'])).toEqual([]);
    expect(grantProblems(lvliang, 'county_officer', ['141124'])).toEqual([]);
    expect(grantProblems(lvliang, 'inspector', ['141124', '141102'])).toEqual([]);
  });

  it('names the field of a scope wider than the administrator’s own, or a role it may not grant', () => {
    expect(grantProblems(lvliang, 'county_officer', ['140105'])).toEqual([
      { field: 'regionCodes', message: '超出您的管辖范围：140105' },
    ]);
    expect(grantProblems(lvliang, 'city_officer', ['141100'])).toEqual([{ field: 'role', message: '无权授予该角色' }]);
    expect(grantProblems(lvliang, 'county_officer', ['140000'])).toContainEqual({
      field: 'regionCodes',
      message: '超出您的管辖范围：140000',
    });
    expect(grantProblems(province, 'county_officer', ['120101'])).toContainEqual({
      field: 'regionCodes',
      message: '超出您的管辖范围：120101',
    });
  });

  it('refuses regions at the wrong level for the role', () => {
    expect(grantProblems(province, 'county_officer', ['141100'])).toEqual([
      { field: 'regionCodes', message: '该角色的地区应为县（市、区）级：141100' },
    ]);
    expect(levelOfCode('140000')).toBe('province');
    expect(levelOfCode('141100')).toBe('city');
    expect(levelOfCode('141124')).toBe('county');
  });

  it('sees an account only when it may grant its role over all its regions', () => {
    expect(administers(lvliang, { role: 'county_officer', regionCodes: ['141124'] })).toBe(true);
    expect(administers(lvliang, { role: 'county_officer', regionCodes: ['140105'] })).toBe(false);
    expect(administers(lvliang, { role: 'city_officer', regionCodes: ['141100'] })).toBe(false);
    expect(administers(province, { role: 'province_admin', regionCodes: ['140000'] })).toBe(true);
  });

  it('asks for 10 characters, letters and digits, and not the username', () => {
    expect(passwordProblems('Lvliang2027', 'someone')).toEqual([]);
    expect(passwordProblems('short1', 'someone')).toEqual([{ field: 'password', message: '密码至少 10 个字符' }]);
    expect(passwordProblems('onlyletterslong', 'someone')).toEqual([
      { field: 'password', message: '密码须同时包含字母和数字' },
    ]);
    expect(passwordProblems('linxian12345', 'linxian', 'newPassword')).toEqual([
      { field: 'newPassword', message: '密码不能包含用户名' },
    ]);
  });
});
