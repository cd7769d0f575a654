import { inScope, regionPathFromCode, type Actor, type FieldError, type Role } from '@duban/contracts';

/**
 * Who administers accounts, and within what (issue 13). The province administrator administers every role
 * in the province. A city officer is the administrator of its own counties (no separate capability: the
 * 市局 assigns the county's people today, DESIGN "Who uses it"): it administers county officers, leading-group
 * members and inspectors whose regions all lie in its city. Nobody else administers accounts.
 */
const GRANTABLE: Readonly<Record<Role, readonly Role[]>> = {
  province_admin: ['province_admin', 'city_officer', 'county_officer', 'leading_member', 'inspector'],
  city_officer: ['county_officer', 'leading_member', 'inspector'],
  county_officer: [],
  leading_member: [],
  inspector: [],
};

export const ADMINISTRATOR_ROLES = ['province_admin', 'city_officer'] as const satisfies readonly Role[];

export function grantableRoles(admin: Pick<Actor, 'role'>): readonly Role[] {
  return GRANTABLE[admin.role];
}

/** Every region lies within the administrator's own scope (GB/T 2260 codes carry their own path). */
export function withinScope(admin: Pick<Actor, 'regionCodes'>, regionCodes: readonly string[]): boolean {
  return regionCodes.every((code) => inScope(admin, regionPathFromCode(code)));
}

/** An account the administrator may see and change: a role it may grant, every region within its scope. */
export function administers(
  admin: Pick<Actor, 'role' | 'regionCodes'>,
  account: { readonly role: Role; readonly regionCodes: readonly string[] },
): boolean {
  return grantableRoles(admin).includes(account.role) && withinScope(admin, account.regionCodes);
}

type Level = 'province' | 'city' | 'county';

/** The level a GB/T 2260 code names: 140000 a province, 141100 a city, 141124 a county. */
export function levelOfCode(code: string): Level {
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The levels each role's regions may be at: a county officer's are counties, an inspector's counties or cities. */
const ROLE_LEVELS: Readonly<Record<Role, readonly Level[]>> = {
  province_admin: ['province'],
  city_officer: ['city'],
  county_officer: ['county'],
  leading_member: ['county'],
  inspector: ['county', 'city'],
};
const LEVEL_LABELS: Readonly<Record<Level, string>> = { province: '省', city: '市', county: '县（市、区）' };

/**
 * What is wrong with a role and regions an administrator wants to give (field errors in Chinese, empty when
 * none): a role it may not grant, a region outside its own scope, a region at the wrong level for the role.
 */
export function grantProblems(
  admin: Pick<Actor, 'role' | 'regionCodes'>,
  role: Role,
  regionCodes: readonly string[],
): FieldError[] {
  const problems: FieldError[] = [];
  if (!grantableRoles(admin).includes(role)) {
    problems.push({ field: 'role', message: '无权授予该角色' });
  }
  const outside = regionCodes.filter((code) => !withinScope(admin, [code]));
  if (outside.length > 0) {
    problems.push({ field: 'regionCodes', message: `超出您的管辖范围：${outside.join('、')}` });
  }
  const levels = ROLE_LEVELS[role];
  const wrongLevel = regionCodes.filter((code) => !levels.includes(levelOfCode(code)));
  if (wrongLevel.length > 0) {
    problems.push({
      field: 'regionCodes',
      message: `该角色的地区应为${levels.map((level) => LEVEL_LABELS[level]).join('或')}级：${wrongLevel.join('、')}`,
    });
  }
  return problems;
}

export const MIN_PASSWORD_LENGTH = 10;

/**
 * The password policy (field errors in Chinese, empty when the password is acceptable): at least 10
 * characters, letters and digits both, and not the username.
 */
export function passwordProblems(password: string, username: string, field = 'password'): FieldError[] {
  const reasons: string[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) reasons.push(`至少 ${MIN_PASSWORD_LENGTH} 个字符`);
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) reasons.push('须同时包含字母和数字');
  if (username && password.toLowerCase().includes(username.toLowerCase())) reasons.push('不能包含用户名');
  return reasons.length > 0 ? [{ field, message: `密码${reasons.join('，')}` }] : [];
}

/**
 * An account that may inspect a county: an enabled inspector whose assigned regions include the county or
 * its city (`countyPath`: the county's region path). The evaluation service trusts the gateway's check.
 */
export function mayInspect(
  account: { readonly role: Role; readonly regionCodes: readonly string[]; readonly disabledAt: Date | null },
  countyPath: readonly string[],
): boolean {
  return account.role === 'inspector' && account.disabledAt === null && inScope(account, countyPath);
}
