import { PROBLEM } from '../core/openapi-schema';
import type { RouteDocs } from '../core/route.decorator';

const SCOPE =
  '省级管理员管理全省各类账号；市局工作人员作为本市各县的管理员，管理本市范围内的县级专班、领导小组成员和验收组账号。';

/** What the OpenAPI document tells the API's users about each account route. */
export const docs = {
  list: {
    summary: '人员账号列表（管理员）',
    description: `${SCOPE}只列出调用者可管理的账号（及其本人）。`,
    ok: '账号列表，按用户名',
    403: PROBLEM.forbidden,
  },
  create: {
    summary: '新建账号：角色与地区范围不得超出管理员本人的范围',
    description:
      `${SCOPE}应答中含临时密码（仅此一次显示，不保存明文）；该账号首次登录后必须先修改密码。` +
      '角色或地区超出管理员范围：400，指明字段（role、regionCodes），不写入任何内容。',
    ok: '新账号及其临时密码',
    400: PROBLEM.badRequest,
    403: PROBLEM.forbidden,
  },
  update: {
    summary: '修改账号：姓名、角色、地区范围、停用或启用',
    description:
      '修改自该账号的下一次请求起生效：停用后其令牌一律 401；角色或地区改变后其旧令牌 401（需重新登录）。' +
      '不能修改自己的角色、地区或停用自己。超出管理员范围的账号：404（已记录）。',
    ok: '修改后的账号',
    400: PROBLEM.badRequest,
    403: PROBLEM.forbidden,
    404: '账号不存在或不在您的管理范围内',
  },
  resetPassword: {
    summary: '重置账号密码：生成临时密码（仅此一次显示）',
    description: '该账号下一次请求起，除修改密码外的所有接口均返回 403“必须先修改密码”。',
    ok: '账号及其临时密码',
    400: PROBLEM.badRequest,
    403: PROBLEM.forbidden,
    404: '账号不存在或不在您的管理范围内',
  },
  changePassword: {
    summary: '修改本人密码（首次登录或密码被重置后必须先修改）',
    description: '新密码至少 10 个字符，须同时包含字母和数字，不能包含用户名，不能与当前密码相同。',
    ok: '已修改',
    400: PROBLEM.badRequest,
  },
} satisfies Record<string, RouteDocs>;
