import { z } from 'zod';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import { idSchema } from './common';
import { milestoneInstructionSchema, milestoneUrgeSchema, oversightPersonSchema } from './oversight';

/**
 * A county's agenda (issue 16, item 3): what the county officer sees on landing — what falls due next and
 * in how many working days, what is already late, which monthly reports the city returned, and what the
 * city or province asked for (instructions to acknowledge, recent urgings).
 */

export const AGENDA_ITEM_KINDS = ['milestone', 'report'] as const;
export const agendaItemKindSchema = z.enum(AGENDA_ITEM_KINDS);
export type AgendaItemKind = z.infer<typeof agendaItemKindSchema>;

/** One thing with a deadline: an open milestone, or a month's report not filed yet. */
export const agendaItemSchema = z.object({
  kind: agendaItemKindSchema,
  /** The milestone's id; null for a report. */
  milestoneId: z.uuid().nullable(),
  /** The report's month ('YYYY-MM'); null for a milestone. */
  month: z.string().nullable(),
  title: z.string(),
  /** The instant it falls due (a due date falls due at the end of that day, Asia/Shanghai). */
  dueAt: z.string(),
  /** The local day it falls due on ('YYYY-MM-DD'). */
  dueDay: z.string(),
  /** Whether it falls due at an exact instant (an added milestone's due time) rather than at the end of its day. */
  exact: z.boolean(),
  /** Upcoming: working days from today to the due day (0 on the due day itself). Overdue: working days late. */
  workingDays: z.number().int().nonnegative(),
});
export type AgendaItem = z.infer<typeof agendaItemSchema>;

/** A report the city returned and the county has not filed again. */
export const returnedReportSchema = z.object({
  reportId: z.uuid(),
  month: z.string(),
  returnedAt: z.string(),
  /** Who returned it: the account and its 姓名或单位, which the county reads. */
  returnedBy: oversightPersonSchema.pick({ username: true, displayName: true }),
  comment: z.string(),
  /** The local day by which it is to be filed again (the programme's working days after the return). */
  resubmitBy: z.string(),
});
export type ReturnedReport = z.infer<typeof returnedReportSchema>;

/** What a milestone's instruction or urging is about, for a list across milestones. */
const onMilestone = { milestoneTitle: z.string() };

export const projectAgendaSchema = z.object({
  projectId: z.uuid(),
  /** Today, the local date the working days count from. */
  today: z.string(),
  /** Not yet due, soonest first (at most `AGENDA_UPCOMING_LIMIT`). */
  upcoming: z.array(agendaItemSchema),
  /** Past due and still open, the longest overdue first. */
  overdue: z.array(agendaItemSchema),
  returnedReports: z.array(returnedReportSchema),
  /** 批示 not acknowledged yet, newest first. */
  instructions: z.array(milestoneInstructionSchema.extend(onMilestone)),
  /** 催办 of the last `AGENDA_URGE_DAYS` days on open milestones, newest first. */
  urges: z.array(milestoneUrgeSchema.extend(onMilestone)),
});
export type ProjectAgenda = z.infer<typeof projectAgendaSchema>;

export const AGENDA_UPCOMING_LIMIT = 8;
export const AGENDA_URGE_DAYS = 7;

export const GetProjectAgendaRpc = defineRpc({
  subject: 'projects.project.agenda',
  service: 'projects',
  request: withActor({ projectId: idSchema }),
  response: projectAgendaSchema,
});
