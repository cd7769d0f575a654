import {
  DEFAULT_REMINDER_POLICY,
  FUNDING_SOURCES,
  SOURCE_ALLOWED_CATEGORIES,
  type ProgrammeTemplateDefinition,
} from '@duban/contracts';
import type { MilestoneTemplateItem, ProgrammeDefinition, ProgrammeRecord } from './programmes.repository';

/**
 * The 抓落实 flow of the programme documents (DESIGN "The programme, as data"): titles as the documents
 * word them, due month-days, prerequisites. 迎接市局验收检查 completes when the acceptance is signed.
 */
export const GIG_MARKETS_MILESTONES: MilestoneTemplateItem[] = [
  { key: 'plan', title: '出台建设方案（报县委县政府审批同意后发文报市局）', due: '03-31', after: [] },
  { key: 'site', title: '完成选址', due: '03-31', after: [] },
  { key: 'push', title: '全面进入建设推进阶段（申请县级配套资金、招标）', due: '04-30', after: ['plan', 'site'] },
  { key: 'build', title: '全面施工建设', due: '05-31', after: ['push'] },
  { key: 'built', title: '基本建成', due: '07-31', after: ['build'] },
  { key: 'trial', title: '试运行', due: '08-31', after: ['built'] },
  {
    key: 'accept',
    title: '迎接市局验收检查（验收签字后自动完成）',
    due: '10-31',
    after: ['trial'],
    completesOn: 'acceptance_signed',
  },
  { key: 'finish', title: '年底前完成公益性零工市场建设', due: '12-31', after: ['accept'] },
];

/** How the documents' programme runs: its template, DESIGN's default reminder policy, report day and light rule. */
export const GIG_MARKETS_DEFINITION: ProgrammeDefinition = {
  milestoneTemplate: GIG_MARKETS_MILESTONES,
  reminderPolicy: DEFAULT_REMINDER_POLICY,
  // The documents name no day; the 25th leaves the city the last days of the month to roll up.
  reportDueDay: 25,
  // "10月起各县(市、区)均需填报" (附件1): the operating figures are required from October.
  operatingFiguresFromMonth: 10,
  yellowWithinWorkingDays: 3,
};

/**
 * How a new programme chases its monthly reports until the province changes it
 * (`PUT /api/programmes/:id/report-settings`): a returned report is due again 5 working days later, and the
 * reminders follow the programme's policy (no exact plan). Not part of the template: a setting of each year.
 */
export const DEFAULT_REPORT_SETTINGS: Pick<ProgrammeRecord, 'reportResubmitWorkingDays' | 'reportReminderPlan'> = {
  reportResubmitWorkingDays: 5,
  reportReminderPlan: null,
};

export const GIG_MARKETS_TEMPLATE_CODE = 'gig-markets';

/**
 * Shanxi's 2023 民生实事 as a template (version 1 of `gig-markets`, seeded by a migration): the same
 * definition the 2023 programme was loaded with, the 附件2 checklist by its code in evaluation, the 60-point
 * pass mark evaluation applies by default, and 附件4's four sources with the categories each may pay for.
 */
export const GIG_MARKETS_TEMPLATE: ProgrammeTemplateDefinition = {
  name: '公益性零工市场县县全覆盖',
  projectTitle: '公益性零工市场',
  milestones: GIG_MARKETS_DEFINITION.milestoneTemplate,
  reminderPolicy: GIG_MARKETS_DEFINITION.reminderPolicy,
  reportDueDay: GIG_MARKETS_DEFINITION.reportDueDay,
  operatingFiguresFromMonth: GIG_MARKETS_DEFINITION.operatingFiguresFromMonth,
  yellowWithinWorkingDays: GIG_MARKETS_DEFINITION.yellowWithinWorkingDays,
  rubricCode: 'gig-market-checklist',
  passMark: 60,
  fundingSources: FUNDING_SOURCES.map((source) => ({
    source,
    allowedCategories: [...SOURCE_ALLOWED_CATEGORIES[source]],
  })),
};
