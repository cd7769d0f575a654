import { z } from 'zod';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import { expenditureCategorySchema, fundingSourceSchema } from '../funding/sources';
import { idSchema, regionCodeSchema } from './common';

/**
 * How a template milestone gets done: by hand with evidence (the default), or by another event, e.g.
 * `acceptance_signed`: 迎接市局验收检查 completes when the inspection is signed, never by hand.
 */
export const MILESTONE_COMPLETIONS = ['manual', 'acceptance_signed'] as const;

/** One milestone of a programme's template: due on MM-DD of the programme's year, after other keys. */
export const milestoneTemplateItemSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/),
  title: z.string().min(1),
  due: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '必须是计划年度内的月-日（MM-DD），如 03-31'),
  after: z.array(z.string()),
  completesOn: z.enum(MILESTONE_COMPLETIONS).optional(),
});
export type MilestoneTemplateItemData = z.infer<typeof milestoneTemplateItemSchema>;

/** Who a reminder stage goes to: the milestone's responsible officers, the county's 组长, the city's officers. */
export const REMINDER_RECIPIENTS = ['responsible', 'county_leader', 'city_officer'] as const;
export const reminderRecipientSchema = z.enum(REMINDER_RECIPIENTS);

/**
 * When reminders, overdue alerts and escalations go out for a programme's dated milestones (DESIGN
 * "Reminder policy"). Working days count China's statutory holidays and adjusted working days.
 */
export const reminderPolicySchema = z.object({
  timeZone: z.string().min(1),
  /** Local time of day (HH:MM) reminders go out, on working days. */
  sendAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  beforeDue: z.object({
    workingDaysBefore: z.array(z.number().int().positive()),
    onDueDay: z.boolean(),
    recipients: z.array(reminderRecipientSchema).min(1),
  }),
  overdue: z.object({
    /** First overdue alert this many working days after the due date. */
    afterWorkingDays: z.number().int().positive(),
    repeatEveryWorkingDays: z.number().int().positive(),
    recipients: z.array(reminderRecipientSchema).min(1),
  }),
  escalation: z.object({
    /**
     * Working days after the due date; 0 escalates at the due instant itself (monthly reports: a report
     * still missing when its day ends goes to the city at once).
     */
    afterWorkingDaysOverdue: z.number().int().nonnegative(),
    recipients: z.array(reminderRecipientSchema).min(1),
  }),
});
export type ReminderPolicy = z.infer<typeof reminderPolicySchema>;

/** DESIGN's default policy: 7, 3, 1 working days before and on the day; overdue next day, every 3; escalate after 5. */
export const DEFAULT_REMINDER_POLICY: ReminderPolicy = Object.freeze({
  timeZone: 'Asia/Shanghai',
  sendAt: '09:00',
  beforeDue: { workingDaysBefore: [7, 3, 1], onDueDay: true, recipients: ['responsible'] },
  overdue: { afterWorkingDays: 1, repeatEveryWorkingDays: 3, recipients: ['responsible', 'county_leader'] },
  escalation: { afterWorkingDaysOverdue: 5, recipients: ['city_officer'] },
}) as ReminderPolicy;

/** Which expenditure categories a funding source may pay for (附件2 item 5), as a programme sets it. */
export const fundingSourceRuleSchema = z
  .object({
    source: fundingSourceSchema,
    allowedCategories: z.array(expenditureCategorySchema).min(1, '至少允许一个支出类别'),
  })
  .strict();
export type FundingSourceRule = z.infer<typeof fundingSourceRuleSchema>;

/**
 * A programme template: everything a programme year is made of, as data. The projects service keeps its
 * versions; the parts other services own travel by reference or by value in their events (the rubric by
 * its code and the pass mark to evaluation, the funding sources and their category rules to funding).
 */
export const programmeTemplateDefinitionSchema = z
  .object({
    /** The programme's name as the documents give it, e.g. 公益性零工市场县县全覆盖. */
    name: z.string().trim().min(1, '不能为空').max(100, '不能超过 100 个字'),
    /** A county's project is named `<county name><projectTitle>`, e.g. 临县公益性零工市场. */
    projectTitle: z.string().trim().min(1, '不能为空').max(50, '不能超过 50 个字'),
    milestones: z.array(milestoneTemplateItemSchema).min(1, '至少需要一个节点').max(50, '节点不能超过 50 个'),
    reminderPolicy: reminderPolicySchema,
    reportDueDay: z.number().int().min(1, '月报截止日须在 1–28 日').max(28, '月报截止日须在 1–28 日'),
    operatingFiguresFromMonth: z.number().int().min(1, '须为 1–12 月').max(12, '须为 1–12 月'),
    yellowWithinWorkingDays: z.number().int().min(0).max(30),
    /** The evaluation service's rubric (附件2) by code; null: the most recently loaded one. */
    rubricCode: z.string().trim().min(1).max(100).nullable(),
    /** Points an acceptance inspection needs to pass. */
    passMark: z.number().min(0, '不能为负').max(1000).multipleOf(0.5, '须以 0.5 分为单位'),
    fundingSources: z.array(fundingSourceRuleSchema).min(1, '至少需要一个资金来源'),
  })
  .strict();
export type ProgrammeTemplateDefinition = z.infer<typeof programmeTemplateDefinitionSchema>;

export const programmeTemplateSchema = programmeTemplateDefinitionSchema.extend({
  id: z.uuid(),
  /** Stable name of the template across its versions, e.g. gig-markets. */
  code: z.string(),
  version: z.number().int(),
  /**
   * When and by whom (username, and 姓名或单位: the username for versions saved before names were kept) this version
   * was saved; null for the versions the system ships.
   */
  createdAt: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
});
export type ProgrammeTemplateView = z.infer<typeof programmeTemplateSchema>;

/** The fields a saved version has beside its definition: its identity, and who saved it when. */
const VERSION_FIELDS: ReadonlySet<string> = new Set(
  Object.keys(programmeTemplateSchema.shape).filter((key) => !(key in programmeTemplateDefinitionSchema.shape)),
);
type VersionField = Exclude<keyof ProgrammeTemplateView, keyof ProgrammeTemplateDefinition>;

/**
 * A saved version's definition alone, as `PUT /api/programme-templates/:code` takes it back (the body is strict:
 * a version field sent back is refused). Derived from the schemas, so a field the view gains is left out too.
 */
export function templateDefinitionOf<T extends object>(template: T): Omit<T, VersionField> {
  return Object.fromEntries(Object.entries(template).filter(([key]) => !VERSION_FIELDS.has(key))) as Omit<
    T,
    VersionField
  >;
}

/** A programme is open (work goes on), closed (read-only) or archived (read-only, out of the default list). */
export const PROGRAMME_STATUSES = ['open', 'closed', 'archived'] as const;
export const programmeStatusSchema = z.enum(PROGRAMME_STATUSES);
export type ProgrammeStatus = z.infer<typeof programmeStatusSchema>;
export const PROGRAMME_STATUS_LABELS: Readonly<Record<ProgrammeStatus, string>> = {
  open: '进行中',
  closed: '已关闭',
  archived: '已归档',
};

/**
 * Why a write to a closed or archived programme is refused (409), the same words in every service. Closing
 * is final: there is no route that opens a programme again, and the message says so.
 */
export function programmeReadOnlyMessage(
  programme: { name: string; year: number },
  status: Exclude<ProgrammeStatus, 'open'>,
): string {
  return `「${programme.name}」${programme.year} 年度计划${PROGRAMME_STATUS_LABELS[status]}，只能查看，不能修改（关闭后不能重新打开）`;
}

export const programmeSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  year: z.number().int(),
  rootRegionCode: z.string(),
  countyCount: z.number().int(),
  milestoneTemplate: z.array(milestoneTemplateItemSchema),
  reminderPolicy: reminderPolicySchema,
  reportDueDay: z.number().int(),
  /** Working days a county has to resubmit a returned report (a new deadline from the return). */
  reportResubmitWorkingDays: z.number().int(),
  /** Exact reminder instants for the reports (ISO 8601 offsets from the due instant), or null: the policy. */
  reportReminderPlan: z.array(z.string()).nullable(),
  operatingFiguresFromMonth: z.number().int(),
  yellowWithinWorkingDays: z.number().int(),
  sourceProgrammeId: z.uuid().nullable(),
  /** The template version the programme follows (null: set up before templates, e.g. the 2023 demo). */
  templateId: z.uuid().nullable(),
  templateCode: z.string().nullable(),
  templateVersion: z.number().int().nullable(),
  status: programmeStatusSchema,
  closedAt: z.string().nullable(),
  /** How many county projects the programme has. */
  projectCount: z.number().int(),
  createdAt: z.string(),
});
export type ProgrammeView = z.infer<typeof programmeSchema>;

const yearSchema = z
  .number({ error: '必须是整数年份' })
  .int('必须是整数年份')
  .min(2000, '年份不能早于 2000')
  .max(2100, '年份不能晚于 2100');

/**
 * `POST /api/programmes`: a programme year, either from a template (`templateCode`, its latest version,
 * for the counties under `regionCodes`) or as the next year of an existing programme (`sourceProgrammeId`,
 * its counties and leading groups). Exactly one of the two.
 */
export const createProgrammeBodySchema = z
  .object({
    year: yearSchema,
    sourceProgrammeId: idSchema.optional(),
    templateCode: z.string().trim().min(1).max(100).optional(),
    /** With a template: the regions whose counties take part (a province, cities or counties). */
    regionCodes: z.array(regionCodeSchema).min(1, '至少选择一个地区').max(200).optional(),
  })
  .strict();
export type CreateProgrammeBody = z.infer<typeof createProgrammeBodySchema>;

/** `GET /api/programmes`: open and closed programmes; `?archived=true` adds the archived ones. */
export const listProgrammesQuerySchema = z.object({ archived: z.enum(['true', 'false']).optional() }).strict();

/** `POST /api/programmes/:id/close` and `…/archive`. */
export const programmeStatusChangeSchema = z.object({ programmeId: idSchema });

export const ListProgrammesRpc = defineRpc({
  subject: 'projects.programme.list',
  service: 'projects',
  request: withActor({ archived: z.enum(['true', 'false']).optional() }),
  response: z.array(programmeSchema),
});

export const CreateProgrammeRpc = defineRpc({
  subject: 'projects.programme.create',
  service: 'projects',
  request: withActor(createProgrammeBodySchema.shape),
  response: programmeSchema,
});

/** Closes an open programme: from then on it is read-only and its open deadlines stop being chased. */
export const CloseProgrammeRpc = defineRpc({
  subject: 'projects.programme.close',
  service: 'projects',
  request: withActor({ programmeId: idSchema }),
  response: programmeSchema,
});

/** Archives a closed programme: read-only, and out of the programme list unless asked for. */
export const ArchiveProgrammeRpc = defineRpc({
  subject: 'projects.programme.archive',
  service: 'projects',
  request: withActor({ programmeId: idSchema }),
  response: programmeSchema,
});

export const templateCodeSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, '模板代码只能由小写字母、数字和连字符组成');

export const ListProgrammeTemplatesRpc = defineRpc({
  subject: 'projects.template.list',
  service: 'projects',
  request: withActor({}),
  /** The latest version of each template. */
  response: z.array(programmeTemplateSchema),
});

export const GetProgrammeTemplateRpc = defineRpc({
  subject: 'projects.template.get',
  service: 'projects',
  request: withActor({ templateCode: templateCodeSchema }),
  response: z.object({ latest: programmeTemplateSchema, versions: z.array(programmeTemplateSchema) }),
});

/**
 * `PUT /api/programme-templates/:code`: saves a new version (or the first). The open programmes that follow
 * the template move to it: their open milestones re-plan to the new dates, titles and reminder policy;
 * milestones added to or removed from the template reach only programmes created afterwards.
 */
export const PutProgrammeTemplateRpc = defineRpc({
  subject: 'projects.template.put',
  service: 'projects',
  request: withActor({ templateCode: templateCodeSchema, ...programmeTemplateDefinitionSchema.shape }),
  response: z.object({
    template: programmeTemplateSchema,
    /** False when the body equals the latest version (nothing saved). */
    created: z.boolean(),
    programmes: z.number().int(),
    replannedMilestones: z.number().int(),
  }),
});
