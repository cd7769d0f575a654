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
    summary: '项目的领导小组：组长、副组长、成员（role 为 leader/deputy/member，roleLabel 为中文）',
    ok: '领导小组成员，按文件顺序',
    404: NOT_FOUND,
  },
} satisfies Record<string, RouteDocs>;
