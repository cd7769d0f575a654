import { PROBLEM } from '../core/openapi-schema';
import type { RouteDocs } from '../core/route.decorator';

const NOT_FOUND = '项目不存在，或不在您的权限范围内';

/** What the OpenAPI document tells the API's users about each projects route. */
export const docs = {
  list: {
    summary: '县级项目列表（附件1各行），含状态灯',
    description:
      '`region` 子树内、且在您权限范围内的项目；不在范围内的项目不会出现。状态灯（light）：green 正常、yellow 3 个工作日内到期、' +
      'red 逾期、done 全部完成，由项目各节点汇总。可用 `programmeId` 限定年度计划。',
    ok: '项目列表',
  },
  get: { summary: '一个县级项目（附件1一行），含状态灯', ok: '项目', 404: NOT_FOUND },
  update: {
    summary: '修改项目的附件1栏目',
    description:
      '县级专班：建设类型、目前建设进度、室内服务场所实际面积（整数平方米）、项目详细地址。市局、省厅另可修改应规划室内场所面积、' +
      '“+”（以上）、没有招聘大厅、人口基数及其来源。领导小组成员、验收组只读。给出 `version` 时，若项目已被他人修改则返回 409。' +
      '与现值相同的修改不产生任何记录。',
    ok: '修改后的项目',
    403: PROBLEM.forbidden,
    404: NOT_FOUND,
    409: PROBLEM.conflict,
  },
  officers: {
    summary: '项目的领导小组：组长、副组长、成员（role 为 leader/deputy/member，roleLabel 为中文）及其联系方式',
    description: 'contacts：手机、电子邮箱、钉钉 ID、企业微信 ID（可为空）。没有账号的成员通过电子邮箱接收提醒。',
    ok: '领导小组成员，按文件顺序',
    404: NOT_FOUND,
  },
  addOfficer: {
    summary: '为该县领导小组添加成员（可无账号），附联系方式',
    description:
      '县级专班、市局、省级管理员可编辑本辖区的领导小组。每县只能有一名组长。没有账号的成员通过其电子邮箱接收节点提醒；' +
      '谁负责哪个节点在 `PATCH /api/milestones/:id` 的 responsibleOfficerIds 中指定。',
    ok: '新成员',
    400: PROBLEM.badRequest,
    403: PROBLEM.forbidden,
    404: NOT_FOUND,
  },
  updateOfficer: {
    summary: '修改领导小组成员：姓名、职务、单位、账号、联系方式（只改给出的字段）',
    description: '改名、改账号或更换组长后，该县未完成节点的提醒改发给新的接收人。',
    ok: '修改后的成员',
    400: PROBLEM.badRequest,
    403: PROBLEM.forbidden,
    404: '成员不存在',
  },
  removeOfficer: {
    summary: '从领导小组移除成员',
    description: '成员仍是未完成节点的责任人时返回 409（先更换责任人）。',
    ok: '已移除',
    403: PROBLEM.forbidden,
    404: '成员不存在',
    409: PROBLEM.conflict,
  },
} satisfies Record<string, RouteDocs>;
