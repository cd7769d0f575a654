import type { RouteDocs } from '../core/route.decorator';

/** What the OpenAPI document tells the API's users about the PDF and calendar routes. */
export const docs = {
  acceptancePdf: {
    summary: '验收检查报告（PDF）：按评分标准分部分列出各项得分与说明、佐证照片缩略图、总分、合格分数线及双方签字',
    description:
      '签字部分含验收组签字与县级专班会签的签字人、签字时间（北京时间）及所签内容的 SHA-256 摘要。中文为可复制、可检索的文字。' +
      '佐证材料中的 JPEG、PNG 照片按比例缩小嵌入（每份至多 30 张），其他文件列出文件名。服务器缺少中文字体时返回 503 并说明原因。',
    ok: 'PDF 文件（Content-Disposition: attachment）',
    404: '检查不存在或不在您的权限范围内',
  },
  summaryPdf: {
    summary: '地区月度汇总（PDF）：节点状态灯、逾期事项、当月月报已报与未报、当月运营数据',
    description:
      '省、市、县均可；状态灯为生成时的状态。某县最近一期月报为该月或更晚的月份，即视为该月已报送。' +
      '服务器缺少中文字体时返回 503 并说明原因。',
    ok: 'PDF 文件（Content-Disposition: attachment）',
    400: '地区代码或月份格式有误',
    404: '地区不存在或不在您的权限范围内',
  },
  projectCalendar: {
    summary: '项目节点日历（iCalendar）：各节点在到期日的全天事件，含按提醒规则设置的提醒',
    description:
      '每个节点一个事件，UID 固定为“节点 id@duban”，到期日调整后 SEQUENCE 增大，日历应用原位更新。' +
      '提醒（VALARM）取自通知服务为该节点排定的到期前提醒时间；取不到时按提前 7、3、1 天近似。' +
      '日历应用无法携带登录令牌时，请使用个人订阅地址（POST /api/me/calendar-token）。',
    ok: 'text/calendar 文件',
    404: '项目不存在或不在您的权限范围内',
  },
  createToken: {
    summary: '生成（或更换）个人日历订阅地址',
    description:
      '返回一次性显示的订阅地址 /api/calendar/{token}.ics，可添加到手机或电脑日历。' +
      '订阅内容为您负责的节点及所辖项目的月报报送日，按您当前的权限范围每次重新计算。' +
      '再次调用将更换地址，旧地址立即失效。',
    ok: '订阅地址与生成时间',
  },
  revokeToken: {
    summary: '停用个人日历订阅地址',
    ok: '已停用（原本没有订阅地址时同样返回成功）',
  },
  tokenState: {
    summary: '个人日历订阅地址的状态（是否已生成，生成时间；地址本身只在生成时显示）',
    ok: '订阅状态',
  },
  personalCalendar: {
    summary: '个人日历订阅（iCalendar，凭订阅地址中的令牌访问，无需登录）',
    description:
      '内容为令牌所有人负责的节点（全天事件，含提醒）及其权限范围内各项目的月报报送日。' +
      '令牌已停用、已更换或账号已停用时返回 404。',
    ok: 'text/calendar 文件',
    404: '订阅地址无效或已停用',
  },
} satisfies Record<string, RouteDocs>;
