import { PROBLEM } from '../core/openapi-schema';
import type { RouteDocs } from '../core/route.decorator';

const PROJECT_NOT_FOUND = '项目不存在，或不在您的权限范围内';
/** A change to a milestone: refused for a role (403), outside scope (404) or against its state (409). */
const CHANGE = { 403: PROBLEM.forbidden, 404: '节点不存在，或不在您的权限范围内', 409: PROBLEM.conflict } as const;

/** What the OpenAPI document tells the API's users about each milestones route. */
export const docs = {
  list: {
    summary: '项目的节点（计划节点按模板顺序，另加节点在后），含状态灯',
    description:
      '计划节点有 `key`（plan、site、push、build、built、trial、accept、finish）和到期日 `dueDate`（当地当日结束时到期）；' +
      '另加节点 `key` 为 null，以精确时刻 `dueAt` 到期。`after` 为前置节点 id。',
    ok: '节点列表',
    404: PROJECT_NOT_FOUND,
  },
  create: {
    summary: '另加节点：精确到期时刻、责任人（须为本项目领导小组成员）、提醒计划',
    description:
      '`reminderPlan` 为相对 `dueAt` 的 ISO 8601 时长，如 ["-PT10S","PT0S","PT5S"]（到期前 10 秒、到期时、到期后 5 秒）；' +
      '只接受周、天、时、分、秒。`after` 为本项目的前置节点 id。',
    ok: '已添加，并通知提醒服务',
    403: PROBLEM.forbidden,
    404: PROJECT_NOT_FOUND,
  },
  update: {
    summary: '调整节点：期限（dueDate 或 dueAt，附 reason 调整原因）、名称、责任人、另加节点的提醒计划，或标记为进行中',
    description:
      '计划节点的期限和名称由市局、省厅调整；县级专班可调整责任人、标记进行中，以及另加节点的一切。' +
      '`reason` 记入审计；`reminderPlan` 只适用于另加节点（计划节点按本计划的提醒规则）。' +
      '已完成的节点不能调整期限。与现值相同的修改不产生任何记录。',
    ok: '调整后的节点',
    ...CHANGE,
  },
  complete: {
    summary: '完成节点（须附佐证材料）',
    description:
      '`evidence.text` 必填；`attachments` 为附件引用。前置节点未完成时返回 409 并列出它们；' +
      '“迎接市局验收检查”在验收签字后自动完成，不能手动完成。领导小组成员只能完成本人负责的节点。',
    ok: '已完成的节点',
    ...CHANGE,
  },
  attach: {
    summary: '上传节点佐证文件（multipart，字段 file）：PDF 或 JPG/PNG/WEBP 图片，按文件内容判断类型，有大小上限',
    description: '文件分块转交项目服务，核对大小与 SHA-256 后按内容哈希存储；可完成该节点的用户可上传，记入审计。',
    ok: '已存储的文件',
    ...CHANGE,
  },
  files: {
    summary: '节点的佐证文件（按上传先后）',
    ok: '文件列表',
    404: '节点不存在，或不在您的权限范围内',
  },
  download: {
    summary: '下载节点佐证文件（仅限辖区包含该县的用户；其他用户得到 404，并记入审计）',
    description: '文件分块从项目服务读取并边读边校验 SHA-256；与存储时的校验值不符则中断传输。',
    404: '文件不存在，或不在您的权限范围内',
  },
  reopen: {
    summary: '重新打开已完成的节点（须说明原因）；原完成记录保留在 reopenings 中',
    ok: '重新打开的节点（进行中）',
    ...CHANGE,
  },
} satisfies Record<string, RouteDocs>;
