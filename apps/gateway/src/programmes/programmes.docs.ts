import { PROBLEM } from '../core/openapi-schema';
import type { RouteDocs } from '../core/route.decorator';

/** What the OpenAPI document tells the API's users about each programmes route. */
export const docs = {
  list: {
    summary: '年度计划：节点模板、提醒规则、月报截止日、状态灯规则、状态、项目数',
    ok: '计划列表，按年份（已归档的计划仅在 archived=true 时列出）',
  },
  create: {
    summary: '由计划模板或已有计划生成新年度计划（仅省级管理员）',
    description:
      '二选一：templateCode + regionCodes 由模板最新版本为所选地区下的每个县生成项目及节点（尚无领导小组）；' +
      'sourceProgrammeId 复制源计划的节点模板（到期日移到新年度）、提醒规则与月报设置，并为源计划的每个县生成项目及其节点和领导小组。' +
      '一次完成。该年度计划已存在时返回 409。早于当前年份的年度作为历史载入，不产生提醒。',
    ok: '新年度计划',
    400: PROBLEM.badRequest,
    403: PROBLEM.forbidden,
    404: '源计划不存在',
    409: '该年度计划已存在',
  },
  close: {
    summary: '关闭年度计划（仅省级管理员）：此后该计划只读，任何修改返回 409；关闭后不能重新打开',
    description:
      '关闭即停止督办：该计划各县未完成节点和各月月报的截止提醒、逾期预警和升级督办全部取消，此后不再发送；' +
      '该计划的项目、节点、领导小组、月报、资金（分配、拨付、支出、预算）和验收（检查、评分、签字、整改、验收设置）均不能再修改。',
    ok: '已关闭的计划',
    403: PROBLEM.forbidden,
    404: '计划不存在',
    409: '计划已关闭（关闭后不能重新打开）',
  },
  archive: {
    summary: '归档已关闭的年度计划（仅省级管理员）：只读，默认不再列出',
    ok: '已归档的计划',
    403: PROBLEM.forbidden,
    404: '计划不存在',
    409: '计划尚未关闭，或已归档（归档后不能重新打开）',
  },
  templates: { summary: '计划模板：每个模板的最新版本', ok: '模板列表' },
  template: { summary: '计划模板的最新版本及全部历史版本', ok: '模板', 404: '计划模板不存在' },
  saveTemplate: {
    summary: '保存计划模板的新版本（仅省级管理员）',
    description:
      '节点（到期日为年度内的月-日，前置节点不得成环）、提醒规则、评分标准代码与合格分、资金来源及其可列支类别（来源不得重复，类别须为已知类别）、月报截止日。' +
      '内容与最新版本相同时不生成新版本。本省进行中的、采用该模板的计划随即采用新版本：未完成节点按新日期、名称和提醒规则重新安排提醒，已发出的提醒不再重发；' +
      '资金来源的可列支类别和验收合格分随之用于这些计划的支出检查和此后开始的验收；新增或删除的节点只影响此后生成的计划。',
    ok: '保存结果：模板、是否新建版本、跟随的计划数、重新安排的节点数',
    400: PROBLEM.badRequest,
    403: PROBLEM.forbidden,
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
