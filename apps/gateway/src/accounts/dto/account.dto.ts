import { ROLES, roleSchema, usernameSchema } from '@duban/contracts';
import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from '../password-hasher';

/** The bodies and answers of the account routes, checked at the edge (400 naming each bad field, in Chinese). */

const regionCodesSchema = z
  .array(z.string().regex(/^\d{6}$/, '必须是 6 位行政区划代码'), { error: '应为地区代码列表' })
  .min(1, '至少一个地区')
  .max(200, '不能超过 200 个地区')
  .refine((codes) => new Set(codes).size === codes.length, '地区重复');
const displayNameSchema = z.string({ error: '应为文本' }).trim().min(1, '必填').max(64, '不能超过 64 个字符');
const roleField = z.enum(ROLES, { error: `只能是 ${ROLES.join('、')} 之一` });

export const createAccountBodySchema = z
  .object({
    username: usernameSchema,
    displayName: displayNameSchema,
    role: roleField,
    regionCodes: regionCodesSchema,
  })
  .strict();
export type CreateAccountBody = z.infer<typeof createAccountBodySchema>;

export const updateAccountBodySchema = z
  .object({
    displayName: displayNameSchema.optional(),
    role: roleField.optional(),
    regionCodes: regionCodesSchema.optional(),
    /** true disables the account (its tokens are refused from the next request on), false enables it again. */
    disabled: z.boolean({ error: '必须是 true 或 false' }).optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, '至少修改一项');
export type UpdateAccountBody = z.infer<typeof updateAccountBodySchema>;

export const changePasswordBodySchema = z.preprocess(
  (body) => body ?? {},
  z
    .object({
      currentPassword: z.string({ error: '必填' }).min(1, '必填').max(MAX_PASSWORD_LENGTH, '过长'),
      newPassword: z
        .string({ error: '必填' })
        .min(1, '必填')
        .max(MAX_PASSWORD_LENGTH, `不能超过 ${MAX_PASSWORD_LENGTH} 个字符`),
    })
    .strict(),
);
export type ChangePasswordBody = z.infer<typeof changePasswordBodySchema>;

export const accountViewSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  roleLabel: z.string(),
  regionCodes: z.array(z.string()),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  demo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
});
export type AccountView = z.infer<typeof accountViewSchema>;

/** A new account or a reset: the temporary password is in this answer only, never stored in clear or shown again. */
export const accountWithPasswordSchema = z.object({
  account: accountViewSchema,
  temporaryPassword: z.string(),
});
export type AccountWithPassword = z.infer<typeof accountWithPasswordSchema>;
