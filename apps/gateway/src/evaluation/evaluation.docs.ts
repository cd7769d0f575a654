import type { RouteDocs } from '../core/route.decorator';

/** What the OpenAPI document tells the API's users about each acceptance route. */
export const docs = {
  rubric: { summary: '评分标准（某一版本）：分区、条目、满分' },
  rubrics: { summary: '已载入的评分标准各版本（最新在前）：编码、版本、总分、分区数与条目数、内容校验值' },
  cancel: {
    summary: '撤销误发起的验收检查（市局或省级，须在签字前，填写原因；记入审计）',
    description: '撤销后检查保留、只读，记录撤销人、时间与原因。签字前的检查尚无整改项，没有需要清除的提醒期限。',
    409: '验收检查已签字，不能撤销；或已撤销；自评不能撤销',
  },
  list: { summary: '项目的验收检查与自评（按开始时间）' },
  open: {
    summary: '市局发起验收检查（指定检查人员与日期），或县级专班填报自评（kind=self_assessment）',
    description:
      '`reinspectionOf`：复查某次已签字的检查，只对其未完成的整改项评分，其余条目沿用首次检查的得分。' +
      '`inspectors`：验收组账号的用户名，须是可检查该县的账号（见 eligible-inspectors）；否则 400 指明 inspectors，不创建检查。',
  },
  eligibleInspectors: {
    summary: '可检查该项目所在县的验收组账号（发起检查时从中选择检查人员）',
    description: '已启用、角色为验收组、负责地区包含该县（或其所在市）的账号。',
    ok: '验收组账号列表',
  },
  get: { summary: '一次检查：各条目得分、备注、证据，分区小计与总分（计算得出），签字，整改项' },
  scores: { summary: '检查人员评分（0 至满分，可为半分）；已签字的检查只读（409）', 409: '检查已签字，不能修改' },
  sign: {
    summary: '签字：检查人员先签，被检查县的县级专班负责人会签（同一接口）',
    description:
      '每个签字记录姓名、时间与评分内容的 SHA-256；会签后检查只读，达到合格线即自动完成该县「迎接市局验收检查」节点。',
    409: '尚有未评分条目、顺序不对或已签字',
  },
  rectify: { summary: '为未得满分的条目设定整改项（整改内容、责任人、期限）；期限交由提醒服务跟踪' },
  close: { summary: '确认整改项完成（停止提醒）' },
  evidence: {
    summary: '上传条目证据（multipart，字段 file）：照片 JPG/PNG/WEBP 或 PDF 文件，按文件内容判断类型，有大小上限',
  },
  download: {
    summary: '下载条目证据文件（按上传时的内容类型返回原文件；仅限可查看该检查的用户）',
    description: '文件分块从评估服务读取并边读边校验 SHA-256；与存储时的校验值不符则中断传输。',
  },
  settings: { summary: '计划的验收设置：合格线、指定的评分标准（仅省级管理员）' },
  putSettings: {
    summary: '修改验收设置（仅省级管理员，记入审计）',
    description:
      '`passThreshold`：合格线（分，0 至评分标准总分，可为半分）；`rubricCode`：指定评分标准编码，null 为最近载入的标准。' +
      '只影响此后发起的检查：每次检查沿用发起时的合格线。',
  },
} satisfies Record<string, RouteDocs>;
