import { z } from 'zod';
import { parseIsoOffset } from './iso-offset';

/**
 * Building blocks of the projects contracts. The enum values below are stored in the projects schema and
 * travel in the HTTP API: they are stable. Labels are what users read, in the documents' terms.
 */

/** Ids are UUIDs; anything else is refused at the edge, naming the field. */
export const idSchema = z.uuid({ error: '必须是 UUID' });

export const regionCodeSchema = z.string().regex(/^\d{6}$/, '必须是 6 位行政区划代码');

/** A local date (Asia/Shanghai), falling due at the end of that day. Impossible dates (02-30) are refused. */
export const localDateSchema = z.iso.date({ error: '必须是有效日期，格式 YYYY-MM-DD' });

/** An exact instant with its offset, e.g. 2023-03-31T16:00:00Z or 2023-04-01T00:00:00+08:00. */
export const instantSchema = z.iso.datetime({
  offset: true,
  error: '必须是带时区的 ISO 8601 时刻，如 2023-04-01T09:00:00+08:00',
});

/** A short line of text a person types: trimmed, not empty, bounded. */
export function textSchema(max: number) {
  return z.string().trim().min(1, '不能为空').max(max, `不能超过 ${max} 个字符`);
}

export const MILESTONE_STATUSES = ['pending', 'in_progress', 'done'] as const;
export const milestoneStatusSchema = z.enum(MILESTONE_STATUSES);
export type MilestoneStatus = z.infer<typeof milestoneStatusSchema>;
export const MILESTONE_STATUS_LABELS: Readonly<Record<MilestoneStatus, string>> = {
  pending: '未开始',
  in_progress: '进行中',
  done: '已完成',
};

/** Status lights (DESIGN): green on track, yellow due within N working days, red overdue, done. */
export const STATUS_LIGHTS = ['green', 'yellow', 'red', 'done'] as const;
export const statusLightSchema = z.enum(STATUS_LIGHTS);
export type StatusLightValue = z.infer<typeof statusLightSchema>;
export const STATUS_LIGHT_LABELS: Readonly<Record<StatusLightValue, string>> = {
  green: '正常',
  yellow: '临期',
  red: '逾期',
  done: '已完成',
};

/** 建设类型 */
export const CONSTRUCTION_TYPES = ['new', 'renovation'] as const;
export const constructionTypeSchema = z.enum(CONSTRUCTION_TYPES);
export type ConstructionTypeValue = z.infer<typeof constructionTypeSchema>;
export const CONSTRUCTION_TYPE_LABELS: Readonly<Record<ConstructionTypeValue, string>> = {
  new: '新建',
  renovation: '改建',
};

/** 目前建设进度 */
export const CONSTRUCTION_PROGRESS = ['site_selected', 'under_construction', 'built'] as const;
export const constructionProgressSchema = z.enum(CONSTRUCTION_PROGRESS);
export type ConstructionProgressValue = z.infer<typeof constructionProgressSchema>;
export const CONSTRUCTION_PROGRESS_LABELS: Readonly<Record<ConstructionProgressValue, string>> = {
  site_selected: '已选址',
  under_construction: '建设中',
  built: '已建成',
};

/** A leading group's roles: 组长, 副组长, 成员. */
export const OFFICER_ROLES = ['leader', 'deputy', 'member'] as const;
export const officerRoleSchema = z.enum(OFFICER_ROLES);
export type OfficerRole = z.infer<typeof officerRoleSchema>;
export const OFFICER_ROLE_LABELS: Readonly<Record<OfficerRole, string>> = {
  leader: '组长',
  deputy: '副组长',
  member: '成员',
};

/** An officer as events name them to the notifications service: who to remind, and their login. */
export const officerRefSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  username: z.string().nullable(),
});
export type OfficerRef = z.infer<typeof officerRefSchema>;

/** A signed ISO 8601 offset from a due instant (see parseIsoOffset). */
export const isoOffsetSchema = z
  .string()
  .max(40, '不能超过 40 个字符')
  .superRefine((value, context) => {
    const result = parseIsoOffset(value);
    if (!result.ok) context.addIssue({ code: 'custom', message: result.reason });
  });

/** An extra milestone's own reminder plan: offsets from its `dueAt`, each at most once. */
export const reminderPlanSchema = z
  .array(isoOffsetSchema)
  .min(1, '至少需要一个提醒时间')
  .max(20, '提醒时间不能超过 20 个')
  .superRefine((plan, context) => {
    const seen = new Map<number, string>();
    plan.forEach((offset, index) => {
      const result = parseIsoOffset(offset);
      if (!result.ok) return;
      const earlier = seen.get(result.milliseconds);
      if (earlier !== undefined) {
        context.addIssue({ code: 'custom', path: [index], message: `与 ${earlier} 指向同一时刻` });
      }
      seen.set(result.milliseconds, offset);
    });
  });

/** Optimistic concurrency: the version the caller last read; a stale one is refused (409). */
export const versionSchema = z.number().int().positive();
