import { z } from 'zod';
import { deadlineEventsOf } from '../deadlines';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import { idSchema, reminderPlanSchema } from './common';
import { programmeSchema } from './programme';

/**
 * Monthly reports as deadlines. The projects service announces each county's report for each month of the
 * programme's year as a deadline (`duban.projects.deadline.set.v1`, id `report:<project>:<YYYY-MM>`), clears
 * it when the report is submitted, sets a new one when the city returns a report
 * (`report-return:<report>:<n>`), and raises notices (`duban.projects.notice.raised.v1`): a submission to
 * the city's officers, a return to the county's. The notifications service plans and delivers them as it
 * does every deadline and notice.
 */
export const ProjectDeadlines = deadlineEventsOf('projects');

/** `PUT /api/programmes/:id/report-settings`: how the programme's monthly reports are chased. */
export const putReportSettingsBodySchema = z
  .object({
    reportDueDay: z
      .number({ error: '必须是 1 到 28 的整数' })
      .int('必须是 1 到 28 的整数')
      .min(1, '必须是 1 到 28 的整数')
      .max(28, '必须是 1 到 28 的整数'),
    reportResubmitWorkingDays: z
      .number({ error: '必须是 1 到 30 的整数' })
      .int('必须是 1 到 30 的整数')
      .min(1, '必须是 1 到 30 的整数')
      .max(30, '必须是 1 到 30 的整数'),
    reportReminderPlan: reminderPlanSchema.nullable(),
  })
  .strict();
export type PutReportSettingsBody = z.infer<typeof putReportSettingsBodySchema>;

export const PutReportSettingsRpc = defineRpc({
  subject: 'projects.programme.report-settings.put',
  service: 'projects',
  request: withActor({ programmeId: idSchema, ...putReportSettingsBodySchema.shape }),
  response: programmeSchema,
});
export type PutReportSettingsRequest = z.infer<typeof PutReportSettingsRpc.request>;
