import type { RouteDocs } from '../core/route.decorator';

const REGION_NOT_FOUND = '地区不存在，或不在您的权限范围内';
const WHAT =
  '事项包括节点和月报（`kind`），期间按其到期日计（含首尾两天；月报按各月报送截止日）。已完成的节点、已报送的月报按完成（首次报送）' +
  '时记录的超时工作日数和当时的责任人（节点为其责任人，月报为领导小组组长）；未完成且已过期的事项计至统计时，' +
  '`overdueSince` 为其到期时刻、责任人为当前责任人。工作日按节假日表（法定节假日与调休）计算；过期即至少 1 个工作日。' +
  '县区与责任人按累计超时、最长超时、超时事项数排名；`rank` 为名次，三项都相同的并列同一名次，其后名次顺延（如 1、1、3）。';

/** What the OpenAPI document tells the API's users about 超时倒查. */
export const docs = {
  report: {
    summary: '超时倒查：某地区某期间的超时排名（县区、责任人）与明细（含已发送的提醒）',
    description: `${WHAT} 每个事项附通知服务发送记录中的提醒（阶段、时间、对象、渠道）；通知服务暂不可用时 \`remindersKnown\` 为 false。`,
    ok: '超时倒查报表',
    404: REGION_NOT_FOUND,
  },
  xlsx: {
    summary: '超时倒查导出为 Excel（县区排名、责任人排名、超时明细三张表）',
    description: WHAT,
    ok: 'xlsx 文件',
    404: REGION_NOT_FOUND,
  },
  pdf: {
    summary: '超时倒查导出为 PDF',
    description: WHAT,
    ok: 'PDF 文件',
    404: REGION_NOT_FOUND,
  },
} satisfies Record<string, RouteDocs>;
