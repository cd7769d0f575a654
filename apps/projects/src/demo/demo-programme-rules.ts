import { DEMO_PROGRAMME_CODE } from '@duban/contracts';
import type { NewProgramme } from '../programmes/programmes.repository';
import {
  DEFAULT_REPORT_SETTINGS,
  GIG_MARKETS_DEFINITION,
  GIG_MARKETS_MILESTONES,
  GIG_MARKETS_TEMPLATE,
  GIG_MARKETS_TEMPLATE_CODE,
} from '../programmes/shipped-template-rules';

export const DEMO_PROVINCE = { code: '140000', name: '山西省' };

/** The documents' template and definition: one copy, shipped with the programmes (shipped-template-rules.ts). */
export const DEMO_MILESTONE_TEMPLATE = GIG_MARKETS_MILESTONES;
export const DEMO_DEFINITION = GIG_MARKETS_DEFINITION;

/** Shanxi's 2023 民生实事 as the programme documents state it. */
export const DEMO_PROGRAMME: NewProgramme = {
  code: DEMO_PROGRAMME_CODE,
  name: GIG_MARKETS_TEMPLATE.name,
  year: 2023,
  rootRegionCode: DEMO_PROVINCE.code,
  countyCount: 117,
  ...DEMO_DEFINITION,
  ...DEFAULT_REPORT_SETTINGS,
  sourceProgrammeId: null,
  template: { code: GIG_MARKETS_TEMPLATE_CODE, version: 1 },
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
