import type { RouteDocs } from '../core/route.decorator';

/** What the OpenAPI document tells the API's users about each calendar route. */
export const docs = {
  list: {
    summary: '工作日历：已加载节假日安排的年份，含来源（文号）、放假日数、调休上班日数、加载时间和加载人',
    description: '随系统发布的年份（2023–2026）加载时间和加载人为 null。未加载的年份，提醒按周一至周五暂定排期。',
  },
  get: {
    summary: '某年的节假日安排：放假日（daysOff）与调休上班日（workdays），各含日期与节日名称',
    404: '该年的节假日安排尚未加载',
  },
  put: {
    summary: '加载（或替换）某年的节假日安排（国务院办公厅通知）：仅省级管理员',
    description:
      '请求体二选一：`{daysOff: [日期], workdays: [调休上班日期], names?: {日期: 节日名称}, source?: 文号}`，' +
      '或 `{file: 文件内容, source?}`（文本、JSON 或 CSV 格式，见 README）。日期须为 YYYY-MM-DD 且在该年内；' +
      '同一天不能既放假又上班；调休上班日只能是星期六或星期日。有误则 400 逐项说明，不作任何修改。' +
      '加载后，该年涉及的未完成期限立即按新日历重新排期（已发送的提醒不再重发），应答含重新排期的期限数。',
    400: '节假日安排有误（逐项说明字段与原因），未加载',
    403: '只有省级管理员可以加载工作日历',
  },
} satisfies Record<string, RouteDocs>;
