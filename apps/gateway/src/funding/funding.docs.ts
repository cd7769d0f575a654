import { PROBLEM } from '../core/openapi-schema';
import type { RouteDocs } from '../core/route.decorator';

const MONEY = '金额一律为万元、两位小数的字符串（如 "2.50"），内部以分为单位精确计算。';
const REFUSED = { 403: PROBLEM.forbidden, 409: PROBLEM.conflict } as const;

/** What the OpenAPI document tells the API's users about each funding route. */
export const docs = {
  get: {
    summary: '县级项目的资金：分配、拨付、支出（含合规标记）、按资金来源的合计，及附件1的资金栏',
    description:
      `${MONEY} 执行率 = 支出 / 分配（四位小数，未分配时为 null）。拨付与支出各列出最近 200 笔（按日期由早到晚），` +
      '`disbursementCount`、`expenditureCount` 为全部笔数，合计按全部记录计算；更早的支出用 `GET /api/projects/{id}/expenditures` 分页查看。',
  },
  listExpenditures: {
    summary: '县级项目的支出明细，分页（由新到旧）',
    description: `${MONEY} 每页 \`limit\` 笔（默认 100，最多 500）；下一页以上一页的 \`nextBefore\` 作为 \`before\`，最后一页的 nextBefore 为 null。`,
  },
  recordExpenditure: {
    summary: '登记支出（县级专班、市局、省级）',
    description:
      `${MONEY} 资金来源与支出类别不符（财政专项资金只用于硬件设施、场地装修、场地租赁；就业资金只用于培训、就业服务、服务人员）` +
      '或累计支出超过分配时，支出照常登记但带有 `flags`，并通知所属市局。',
    ok: '已登记（含 flags）',
    403: PROBLEM.forbidden,
  },
  recordDisbursement: {
    summary: '登记拨付（日期、金额、资金来源、文号）；累计拨付不能超过该来源的分配',
    description: MONEY,
    ok: '已登记',
    ...REFUSED,
  },
  setAllocations: {
    summary: '设定县级项目的资金分配（省级）',
    description: `${MONEY} 列出的资金来源设为给定金额，其余不变。省级资金合计超过预算时拒绝（409，说明预算、已分配与本次金额）。`,
    ...REFUSED,
  },
  reverseExpenditure: {
    summary: '冲销一笔支出（县级专班、市局、省级）',
    description:
      '资金记录只增不改：支出登记后不能修改或删除，更正方式是一笔金额相反、注明原记录（reversesId）和原因（reason）的冲销记录，' +
      '日期为冲销当天（北京时间）。每笔支出只能冲销一次，冲销记录不能再冲销（409）。原记录保持不变（包括合规标记 flags），' +
      '并以 reversedById 指向冲销记录；各级汇总按净额计算，仍严格相等。',
    ok: '冲销记录',
    ...REFUSED,
  },
  reverseDisbursement: {
    summary: '冲销一笔拨付（县级专班、市局、省级）',
    description:
      '同支出的冲销：一笔金额相反、同一文号、注明原记录和原因的冲销记录；每笔拨付只能冲销一次（409），原记录保持不变。',
    ok: '冲销记录',
    ...REFUSED,
  },
  budgets: { summary: '年度计划按资金来源的预算，及已分配与未分配余额', description: MONEY },
  setBudgets: {
    summary: '设定年度计划按资金来源的预算（省级）',
    description:
      `${MONEY} 列出的资金来源设为给定金额，其余不变；一次事务，记入审计（修改前后）。` +
      '预算低于该来源已分配给各县的合计时拒绝（409，说明两者金额）。',
    ...REFUSED,
  },
  rollup: {
    summary: '资金汇总：地区及其下级（省→市→县），按资金来源的分配、拨付、支出、执行率，及计划预算的未分配余额',
    description: `${MONEY} 下级之和与上级严格相等（精确到分）。`,
  },
  annex4: {
    summary: '附件4 省级资金安排分配表（人口基数及其来源、财政专项资金、就业资金、合计），任意地区',
    description: MONEY,
  },
  flagged: {
    summary: '地区内各县带提示的支出（来源与类别不符、超出分配），最新在前；市级和省级',
    description: MONEY + ' 已冲销的支出仍列出，带 reversedById。最多 500 条，更多时 truncated 为 true。',
    403: PROBLEM.forbidden,
  },
  preview: {
    summary: '资金分配测算（预览，不写入；省级）',
    description:
      '把一项资金（totalWan，缺省为预算减去范围外各县已分配）分给计划的各县（region 内）：fixed 中的县取指定金额，' +
      '其余每县取 baseWan 加按权重（人口 × 系数，或等额）分得的份额，并限定在 minWan…maxWan 之间；四舍五入到 0.01万元，' +
      '用最大余额法保证各县之和恰好等于总额。无法满足时返回 400，说明应调整的字段和原因。',
    403: PROBLEM.forbidden,
  },
  commit: {
    summary: '按测算规则写入各县分配（一次事务，记入审计；省级）',
    description: '规则同预览；结果与预览相同。',
    ...REFUSED,
  },
} satisfies Record<string, RouteDocs>;
