import { isStoredUsername, optionalUsernameSchema, USERNAME_RULE, usernameSchema } from './identity';

describe('the username rule', () => {
  const given = [' LinXian ', 'lin.xian_2-b', '0', 'a'.repeat(64)];
  const broken = ['lin xian', '.linxian', '-a', 'a'.repeat(65), '临县', 'lin/xian'];

  it('accepts a username in either case with surrounding spaces, and stores it trimmed in lower case', () => {
    expect(given.map((value) => usernameSchema.parse(value))).toEqual(['linxian', 'lin.xian_2-b', '0', 'a'.repeat(64)]);
    for (const value of given) expect(isStoredUsername(usernameSchema.parse(value))).toBe(true);
  });

  it('refuses a broken one with the rule as its message, and the stored-form check refuses it too', () => {
    for (const value of broken) {
      const result = usernameSchema.safeParse(value);
      expect(result.success ? value : result.error.issues.map((issue) => issue.message)).toEqual([USERNAME_RULE]);
      expect(isStoredUsername(value.trim().toLowerCase())).toBe(false);
    }
    expect(isStoredUsername('LinXian')).toBe(false);
    expect(usernameSchema.safeParse('').success).toBe(false);
  });

  it('lets a member have no account: the empty string and null are stored as null', () => {
    expect(optionalUsernameSchema.parse('')).toBeNull();
    expect(optionalUsernameSchema.parse('  ')).toBeNull();
    expect(optionalUsernameSchema.parse(null)).toBeNull();
    expect(optionalUsernameSchema.parse(' LinXian ')).toBe('linxian');
    for (const value of broken) expect(optionalUsernameSchema.safeParse(value).success).toBe(false);
  });
});
