import type { RouteDocs } from '../core/route.decorator';

const REVIEW = { 403: '只有市局（或省级管理员）可以审核', 409: '月报不在待审核状态' } as const;

/** What the OpenAPI document tells the API's users about each reports route. */
export const docs = {
  list: { summary: '项目的月报列表（按月份从新到旧）' },
  submit: {
    summary: '县级专班报送月报（每个项目每月一份）',
    description:
      '附件1各栏：建设类型、目前建设进度、室内服务场所实际面积（平方米，整数）、项目详细地址、本月工作内容、工作困难难点、意见建议；' +
      '自项目年度10月（以项目设置为准）起，当月提供零工岗位数、当月服务零工人次、当月达成意向上岗人次为必填非负整数。' +
      '报送晚于当月报送截止日（当地时间当日结束）的标记为逾期（late）。同月已有月报时返回 409，请用 PUT /api/reports/:id 重新报送。',
    ok: '已报送',
    403: '只有本县县级专班可以报送',
    409: '该月月报已存在',
  },
  get: { summary: '一份月报，含审核记录（history）' },
  resubmit: {
    summary: '县级专班修改后重新报送月报（已退回或待审核的；已通过的不能修改）',
    403: '只有本县县级专班可以重新报送',
    409: '月报已审核通过，不能修改',
  },
  return: { summary: '市局退回月报（须写明退回意见）', ...REVIEW },
  accept: { summary: '市局审核通过月报（通过后不能再修改）', ...REVIEW },
} satisfies Record<string, RouteDocs>;
