import { PROBLEM } from '../core/openapi-schema';
import type { RouteDocs } from '../core/route.decorator';

const MILESTONE_NOT_FOUND = '节点不存在，或不在您的权限范围内';

/** What the OpenAPI document tells the API's users about 催办 and 批示. */
export const docs = {
  urge: {
    summary: '催办节点：立即通知其责任人（站内及其设置的各渠道），并记录在节点上',
    description:
      '市局、省厅人员或本县领导小组组长可以催办；可附 `message`（催办意见，最多 500 字）。同一节点每小时最多催办一次：' +
      '一小时内再次催办为 409，`detail` 说明上次催办时间和可再次催办的时间。已完成的节点不能催办（409）。',
    ok: '催办记录',
    403: PROBLEM.forbidden,
    404: MILESTONE_NOT_FOUND,
    409: '一小时内已催办过该节点，或节点已完成',
  },
  instruct: {
    summary: '对节点作批示：通知其责任人、县领导小组组长和县级专班，县里须签收',
    description: '市局、省厅人员或本县领导小组组长可以批示；`text` 为批示内容（最多 2000 字）。',
    ok: '批示记录（未签收）',
    403: PROBLEM.forbidden,
    404: MILESTONE_NOT_FOUND,
  },
  acknowledge: {
    summary: '签收批示：县级专班或本县领导小组成员签收，并通知批示人',
    ok: '已签收的批示',
    403: PROBLEM.forbidden,
    404: '批示不存在，或不在您的权限范围内',
    409: '该批示已签收',
  },
  oversight: {
    summary: '节点的催办与批示记录（新的在前），及调用者可再次催办的时间',
    ok: '催办与批示',
    404: MILESTONE_NOT_FOUND,
  },
} satisfies Record<string, RouteDocs>;
