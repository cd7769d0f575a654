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
} satisfies Record<string, RouteDocs>;
