import type { RouteDocs } from '../core/route.decorator';
import { HEARTBEAT_MS, NOTIFICATION_EVENT } from './inbox-stream';

const CHANNEL_MANAGERS = '只有省级管理员和市局可管理通知渠道';

/** What the OpenAPI document tells the API's users about each notifications route. */
export const docs = {
  list: {
    summary: '我的通知：到期提醒、逾期提醒、升级督办及其他服务的通知（新的在前）',
    description: '含发给本人的，以及发给本人角色在本人所辖区域的（如市局收到的升级督办）。`unread=true` 只列未读。',
  },
  stream: {
    summary: '我的通知实时推送（server-sent events）：有新通知时推送，收到后重新获取通知列表',
    description:
      `\`text/event-stream\`，连接保持打开。每当有新通知发给本人（或本人角色在本人所辖区域），推送一条 ` +
      `\`event: ${NOTIFICATION_EVENT}\`，\`data\` 为 \`{"ids": [新通知的 id]}\`；另每 ${HEARTBEAT_MS / 1000} 秒一行注释（心跳）。` +
      '令牌到期或注销（`POST /api/auth/logout`）时服务器结束此连接（重连将得到 401）。' +
      '断线期间的通知不补推：重连后请重新获取 `GET /api/me/notifications`。浏览器的 EventSource 不能带 Authorization 头，' +
      '请用 fetch 读取（如 @microsoft/fetch-event-source），带 `Authorization: Bearer` 令牌。',
  },
  markRead: { summary: '标记为已读（已读状态按人记录）', 404: '通知不存在，或不是发给您的' },
  reminders: {
    summary: '节点的提醒计划：各阶段（stage）、发送时刻（fireAt）、接收人（recipients）、状态（state）',
    description:
      '按项目的提醒策略：到期前 7、3、1 个工作日及到期当日（工作日 09:00，北京时间）提醒责任人；到期后第 1 个工作日起每 3 个工作日' +
      '提醒责任人和组长；逾期 5 个工作日升级至市局。另加节点按其 `reminderPlan` 在精确时刻提醒。state：planned 待发、sent 已发、' +
      'cancelled 已取消（节点已完成）、skipped 已跳过（历史数据、排定时已过，或停机后补发时已由后一阶段的提醒代替）。',
    404: '节点不存在，或不在您的权限范围内',
  },
  channels: {
    summary: '提醒的外部渠道（电子邮件、Webhook）：按接收人（用户名，或某地区的某角色）列出',
    description: '省级管理员看全部；市局看本市各地区角色的渠道（不含个人的）。',
    403: CHANNEL_MANAGERS,
  },
  putChannels: {
    summary: '设置某接收人的全部外部渠道（替换；空列表即删除）',
    description:
      'email：target 为电子邮件地址；webhook：target 为 https 地址，format 为 generic（通用 JSON）、dingtalk（钉钉机器人文本）' +
      '或 wecom（企业微信机器人文本）。enabled=false 暂停。市局只能设置本市各地区角色（如 county_officer@141124）的渠道。',
    403: '无权管理该接收人的通知渠道',
  },
  deliveries: {
    summary: '电子邮件与 Webhook 的发送记录（每条为某目的地某时刻的一封汇总），含每次尝试与错误',
    description: '`state=failed` 列出重试用尽仍失败的。省级管理员看全部；市局看含本市事项的。',
  },
} satisfies Record<string, RouteDocs>;
