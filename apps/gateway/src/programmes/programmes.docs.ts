import { PROBLEM } from '../core/openapi-schema';
import type { RouteDocs } from '../core/route.decorator';

/** What the OpenAPI document tells the API's users about each programmes route. */
export const docs = {
  list: { summary: '年度计划：节点模板、提醒规则、月报截止日、状态灯规则、项目数', ok: '计划列表，按年份' },
  create: {
    summary: '由已有计划生成新年度计划（仅省级管理员）',
    description:
      '复制源计划的节点模板（到期日移到新年度）、提醒规则与月报设置，并为源计划的每个县生成项目及其节点和领导小组；' +
      '一次完成。同一源计划的同一年度已存在时返回 409。早于当前年份的年度作为历史载入，不产生提醒。',
    ok: '新年度计划',
    400: PROBLEM.badRequest,
    403: PROBLEM.forbidden,
    404: '源计划不存在',
    409: '该年度计划已存在',
  },
  reportSettings: {
    summary: '修改计划的月报设置（仅限省级管理员）',
    description:
      '月报截止日（每月几日，当日24时截止）、退回后重新报送的工作日数，以及可选的精确提醒时间（相对截止时刻的 ISO 8601 偏移，' +
      '如 -PT1H；为 null 时按计划的提醒规则）。尚未报送的各月月报按新设置重新安排提醒；仍未报送的月报在截止时刻升级督办到市局。',
    ok: '修改后的计划',
    400: PROBLEM.badRequest,
    403: PROBLEM.forbidden,
    404: '计划不存在',
  },
} satisfies Record<string, RouteDocs>;
