import { DEFAULT_REMINDER_POLICY, DEMO_PROGRAMME_CODE } from '@duban/contracts';
import type { MilestoneTemplateItem, NewProgramme, ProgrammeDefinition } from '../programmes/programmes.repository';

export const DEMO_PROVINCE = { code: '140000', name: '山西省' };

/**
 * The 抓落实 flow of the programme documents (DESIGN "The programme, as data"): titles as the documents
 * word them, due month-days, prerequisites. 迎接市局验收检查 completes when the acceptance is signed.
 */
export const DEMO_MILESTONE_TEMPLATE: MilestoneTemplateItem[] = [
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

/** How the demo programme runs: its template, DESIGN's default reminder policy, report day and light rule. */
export const DEMO_DEFINITION: ProgrammeDefinition = {
  milestoneTemplate: DEMO_MILESTONE_TEMPLATE,
  reminderPolicy: DEFAULT_REMINDER_POLICY,
  // The documents name no day; the 25th leaves the city the last days of the month to roll up.
  reportDueDay: 25,
  // "10月起各县(市、区)均需填报" (附件1): the operating figures are required from October.
  operatingFiguresFromMonth: 10,
  yellowWithinWorkingDays: 3,
};

/** Shanxi's 2023 民生实事 as the programme documents state it. */
export const DEMO_PROGRAMME: NewProgramme = {
  code: DEMO_PROGRAMME_CODE,
  name: '公益性零工市场县县全覆盖',
  year: 2023,
  rootRegionCode: DEMO_PROVINCE.code,
  countyCount: 117,
  ...DEMO_DEFINITION,
  // A returned report is due again 5 working days later; reports follow the policy (no exact plan).
  reportResubmitWorkingDays: 5,
  reportReminderPlan: null,
  sourceProgrammeId: null,
};

export const LINXIAN_CODE = '141124';

/** 临县's task-list row (附件1): 应规划室内场所面积 150+. */
export const LINXIAN_PLANNED_AREA = { plannedAreaM2: 150, plannedAreaAtLeast: true };

const BUREAU = '临县人力资源和社会保障局';
const CENTRE = '临县创业就业服务中心';

/** 临县's 零工市场建设工作领导小组 exactly as the 工作机制 document names it, in its order. */
export const LINXIAN_LEADING_GROUP = [
  {
    ref: 'zhang',
    name: '张振玉',
    role: 'leader',
    title: '县人力资源和社会保障局局长',
    unit: BUREAU,
    username: 'zhangzhenyu',
  },
  { ref: 'zhao', name: '赵碧龙', role: 'deputy', title: '县人力资源和社会保障局副局长', unit: BUREAU, username: null },
  { ref: 'liuxing', name: '刘星', role: 'deputy', title: '县创业就业服务中心主任', unit: CENTRE, username: 'linxian' },
  {
    ref: 'li',
    name: '李淑云',
    role: 'member',
    title: '县人力资源和社会保障局办公室主任',
    unit: BUREAU,
    username: null,
  },
  {
    ref: 'liuxinsheng',
    name: '刘新升',
    role: 'member',
    title: '县人力资源和社会保障局就业管理股股长',
    unit: BUREAU,
    username: null,
  },
  {
    ref: 'liuxiaolong',
    name: '刘晓龙',
    role: 'member',
    title: '县创业就业服务中心副主任',
    unit: CENTRE,
    username: null,
  },
] as const;

type OfficerRef = (typeof LINXIAN_LEADING_GROUP)[number]['ref'];

/**
 * Who answers for each of 临县's milestones, read from the 工作机制 document: the 创业就业服务中心 leads
 * (its 主任 刘星 on every step; the group's office sits there), the 人社局办公室 helps draft the plan, the
 * 局长 (组长) owns the decisions that go to the county government and the acceptance, the 副局长 the
 * money and tendering, the centre's 副主任 the works, the 就业管理股 the trial run.
 */
export const LINXIAN_RESPONSIBLE: Readonly<Record<string, readonly OfficerRef[]>> = {
  plan: ['zhang', 'liuxing', 'li'],
  site: ['zhang', 'liuxing'],
  push: ['zhang', 'liuxing', 'zhao'],
  build: ['liuxing', 'zhao', 'liuxiaolong'],
  built: ['liuxing', 'liuxiaolong'],
  trial: ['liuxing', 'liuxinsheng'],
  accept: ['zhang', 'liuxing'],
  finish: ['zhang', 'liuxing'],
};

/** The name of a county's project, e.g. 临县公益性零工市场. */
export function demoProjectName(countyName: string): string {
  return `${countyName}公益性零工市场`;
}
