import { z } from 'zod';

/**
 * Who may do what (DESIGN "Who uses it"). These values are stored in the gateway's accounts and carried
 * in tokens and RPC requests: they are stable.
 */
export const ROLES = ['province_admin', 'city_officer', 'county_officer', 'leading_member', 'inspector'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** How each role is named to users. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  province_admin: '省级管理员',
  city_officer: '市局工作人员',
  county_officer: '县级专班',
  leading_member: '领导小组成员',
  inspector: '验收组',
};

/**
 * A username, as stored: 1–64 of lower-case letters, digits, dots, underscores and hyphens, starting with a
 * letter or digit (the gateway's accounts table checks the same). One rule for accounts, for the members of a
 * leading group who have one, and for the first administrator's setup.
 */
const STORED_USERNAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** The same as given: either case (stored in lower case), surrounding spaces (trimmed). */
const GIVEN_USERNAME = '[A-Za-z0-9][A-Za-z0-9._-]{0,63}';
export const USERNAME_RULE =
  '只能包含字母、数字、点、下划线和连字符，以字母或数字开头，最多 64 个字符（字母按小写保存）';

/** Whether `username` is in its stored form (trimmed, lower case) and keeps the rule. */
export function isStoredUsername(username: string): boolean {
  return STORED_USERNAME.test(username);
}

/**
 * A username as given: trimmed and put in lower case, as logins are, then checked. The published pattern admits
 * what is accepted (both cases, surrounding spaces); `optional` admits the empty string too (no account).
 */
function givenUsername(optional: boolean) {
  const body = optional ? `(${GIVEN_USERNAME})?` : GIVEN_USERNAME;
  return z
    .string({ error: optional ? '应为文本' : '必填' })
    .trim()
    .toLowerCase()
    .regex(new RegExp(`^\\s*${body}\\s*$`), USERNAME_RULE);
}
export const usernameSchema = givenUsername(false);
/** A leading-group member's account, if any: the empty string or null for none (stored as null). */
export const optionalUsernameSchema = givenUsername(true)
  .transform((value) => (value === '' ? null : value))
  .nullable();

const regionCode = z.string().regex(/^\d{6}$/, 'a 6-digit region code');

/**
 * The caller, as the gateway passes it with every RPC request. Services enforce scope with it where the
 * data is read (in their repositories), not only the gateway.
 *
 * `regionCodes`: the regions whose whole subtree the caller may see: ['140000'] for the province,
 * ['141100'] for 吕梁市's officer, ['141124'] for 临县's officers, the assigned counties for an inspector.
 */
export const actorSchema = z.object({
  userId: z.string().min(1),
  username: z.string().min(1),
  displayName: z.string(),
  role: roleSchema,
  regionCodes: z.array(regionCode).min(1),
});
export type Actor = z.infer<typeof actorSchema>;

/** Every RPC request that acts for a user carries the actor beside its own fields. */
export function withActor<T extends z.ZodRawShape>(shape: T) {
  return z.object({ actor: actorSchema, ...shape }).strict();
}
