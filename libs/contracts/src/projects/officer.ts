import { z } from 'zod';
import { optionalUsernameSchema, withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import { idSchema, officerRoleSchema, regionCodeSchema } from './common';
import { IMPORT_MAX_ROWS, importModeSchema, importReportSchema, unreadableCellSchema } from './task-list';

/**
 * How a leading-group member is reached, with or without an account: mobile, e-mail, DingTalk and WeCom
 * user ids. The notifications service delivers reminders by e-mail to a member without an account; the
 * other contacts are kept for the people who call or message them.
 */
export const officerContactsSchema = z.object({
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  dingtalkId: z.string().nullable(),
  wecomId: z.string().nullable(),
});
export type OfficerContacts = z.infer<typeof officerContactsSchema>;

/** A member of a county's leading group (领导小组). */
export const officerSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** Stable key (leader, deputy, member) and how users read it (组长, 副组长, 成员). */
  role: officerRoleSchema,
  roleLabel: z.string(),
  /** e.g. 县人力资源和社会保障局局长 */
  title: z.string(),
  /** e.g. 临县人力资源和社会保障局 */
  unit: z.string(),
  /** The user account the officer logs in with, if any. */
  username: z.string().nullable(),
  contacts: officerContactsSchema,
  /** The member asked for no SMS (退订短信): their mobile stays a contact, but no reminder is texted to it. */
  smsOptedOut: z.boolean(),
});
export type OfficerView = z.infer<typeof officerSchema>;

const optionalText = (max: number) =>
  z
    .string({ error: '应为文本' })
    .trim()
    .max(max, `不能超过 ${max} 个字符`)
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional();

/** Contacts as a form sends them: each optional, an empty text clears it. */
export const officerContactsInputSchema = z
  .object({
    mobile: z
      .string({ error: '应为文本' })
      .trim()
      .regex(/^(1\d{10})?$/, '应为 11 位手机号码')
      .transform((value) => (value === '' ? null : value))
      .nullable()
      .optional(),
    email: z
      .union([z.literal(''), z.email({ error: '不是有效的电子邮件地址' }).max(254, '不能超过 254 个字符')], {
        error: '不是有效的电子邮件地址',
      })
      .transform((value) => (value === '' ? null : value))
      .nullable()
      .optional(),
    dingtalkId: optionalText(64),
    wecomId: optionalText(64),
  })
  .strict();

/** 退订短信, as the county records a member's request (a member without an account has no settings page). */
const smsOptedOutSchema = z.boolean({ error: '应为 true（已退订短信）或 false' });

const officerFields = {
  name: z.string({ error: '必填' }).trim().min(1, '必填').max(32, '不能超过 32 个字符'),
  role: z.enum(['leader', 'deputy', 'member'], { error: '只能是 leader（组长）、deputy（副组长）或 member（成员）' }),
  title: z.string({ error: '应为文本' }).trim().max(64, '不能超过 64 个字符'),
  unit: z.string({ error: '应为文本' }).trim().max(64, '不能超过 64 个字符'),
  /** The member's account, if any (a gateway username): see `optionalUsernameSchema`. */
  username: optionalUsernameSchema,
  contacts: officerContactsInputSchema,
};

/** `POST /api/projects/:id/officers`: a new member of the county's leading group. */
export const createOfficerBodySchema = z
  .object({
    ...officerFields,
    title: officerFields.title.default(''),
    unit: officerFields.unit.default(''),
    username: officerFields.username.optional().default(null),
    contacts: officerContactsInputSchema.default({}),
    smsOptedOut: smsOptedOutSchema.default(false),
  })
  .strict();
export type CreateOfficerBody = z.infer<typeof createOfficerBodySchema>;

/** `PATCH /api/officers/:id`: only the fields given change (contacts: only the contacts given). */
export const updateOfficerBodySchema = z
  .object({
    name: officerFields.name.optional(),
    role: officerFields.role.optional(),
    title: officerFields.title.optional(),
    unit: officerFields.unit.optional(),
    username: officerFields.username.optional(),
    contacts: officerContactsInputSchema.optional(),
    smsOptedOut: smsOptedOutSchema.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, '至少修改一项');
export type UpdateOfficerBody = z.infer<typeof updateOfficerBodySchema>;

export const ListOfficersRpc = defineRpc({
  subject: 'projects.officer.list',
  service: 'projects',
  request: withActor({ projectId: idSchema }),
  response: z.array(officerSchema),
});

/** A county's leading group, as the 领导小组 sheet lists it. */
export const leadingGroupSchema = z.object({
  projectId: z.uuid(),
  regionCode: z.string(),
  cityName: z.string().nullable(),
  countyName: z.string(),
  officers: z.array(officerSchema),
});

/** `GET /api/exports/leading-groups.xlsx?region=CODE`: the groups of the region's counties in the caller's scope. */
export const leadingGroupsSchema = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  programmeYear: z.number().int(),
  groups: z.array(leadingGroupSchema),
});
export type LeadingGroups = z.infer<typeof leadingGroupsSchema>;

export const ListLeadingGroupsRpc = defineRpc({
  subject: 'projects.leadinggroup.list',
  service: 'projects',
  request: withActor({ region: regionCodeSchema }),
  response: leadingGroupsSchema,
});

/**
 * One member row of an uploaded 领导小组 sheet as the gateway read it: the county (by code, else by name
 * and city), the member's name, role (null: the cell could not be read, see `unreadable`), title, unit,
 * mobile and 退订短信.
 */
export const leadingGroupImportRowSchema = z
  .object({
    row: z.number().int().min(1),
    regionCode: z.string().max(20).nullable(),
    cityName: z.string().max(100).nullable(),
    countyName: z.string().max(100).nullable(),
    name: z.string().max(200).nullable(),
    role: officerRoleSchema.nullable(),
    title: z.string().max(2000).nullable(),
    unit: z.string().max(2000).nullable(),
    /** 手机 as written (checked by projects); absent when the sheet has no such column: the stored one stays. */
    mobile: z.string().max(2000).nullable().optional(),
    /** 退订短信 (是 or blank); absent when the sheet has no such column, null when the cell could not be read. */
    smsOptedOut: z.boolean().nullable().optional(),
    cells: z.record(z.string(), z.string().max(2000)),
    unreadable: z.array(unreadableCellSchema),
  })
  .strict();
export type LeadingGroupImportRow = z.infer<typeof leadingGroupImportRowSchema>;

export const ImportLeadingGroupsRpc = defineRpc({
  subject: 'projects.leadinggroup.import',
  service: 'projects',
  request: withActor({
    mode: importModeSchema,
    rows: z.array(leadingGroupImportRowSchema).max(IMPORT_MAX_ROWS),
  }),
  response: importReportSchema,
});

export const CreateOfficerRpc = defineRpc({
  subject: 'projects.officer.create',
  service: 'projects',
  request: withActor({ projectId: idSchema, officer: createOfficerBodySchema }),
  response: officerSchema,
});

export const UpdateOfficerRpc = defineRpc({
  subject: 'projects.officer.update',
  service: 'projects',
  request: withActor({ officerId: idSchema, changes: updateOfficerBodySchema }),
  response: officerSchema,
});

export const RemoveOfficerRpc = defineRpc({
  subject: 'projects.officer.remove',
  service: 'projects',
  request: withActor({ officerId: idSchema }),
  response: z.object({ removed: z.literal(true) }),
});
