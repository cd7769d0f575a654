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
