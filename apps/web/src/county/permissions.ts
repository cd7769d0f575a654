import type { Role } from '@duban/contracts';

/**
 * Which write controls a role sees on the county page. These mirror the services' own rules
 * (apps/projects/src/scope/role-rules.ts, apps/projects/src/reports/report-access.ts,
 * apps/funding/src/access/funding-access.service.ts) only to hide buttons a role cannot use; the services decide,
 * and when one refuses, its 403 message is shown.
 */
const MILESTONE_EDITORS: readonly Role[] = ['province_admin', 'city_officer', 'county_officer'];
const CONSTRUCTION_EDITORS: readonly Role[] = ['province_admin', 'city_officer', 'county_officer'];
const PLANNING_EDITORS: readonly Role[] = ['province_admin', 'city_officer'];
const PROGRAMME_DEADLINE_EDITORS: readonly Role[] = ['province_admin', 'city_officer'];
const REPORT_SUBMITTERS: readonly Role[] = ['county_officer'];
const REPORT_REVIEWERS: readonly Role[] = ['city_officer', 'province_admin'];
const LEDGER_RECORDERS: readonly Role[] = ['province_admin', 'city_officer', 'county_officer'];

/** The 附件1 construction columns (建设类型, 目前建设进度, 面积, 地址). */
export const mayEditConstruction = (role: Role) => CONSTRUCTION_EDITORS.includes(role);
/** The 附件1 planning columns (应规划面积, 人口基数, 没有招聘大厅): the city's and the province's. */
export const mayEditPlanning = (role: Role) => PLANNING_EDITORS.includes(role);
/** Editors always; a leading-group member only the milestones it is responsible for. */
export const mayCompleteMilestone = (role: Role, isResponsible: boolean) =>
  MILESTONE_EDITORS.includes(role) || (role === 'leading_member' && isResponsible);
export const mayReopenMilestone = (role: Role) => MILESTONE_EDITORS.includes(role);
/** Add an extra milestone, reassign a milestone, set an extra milestone's own reminder plan. */
export const mayEditMilestones = (role: Role) => MILESTONE_EDITORS.includes(role);
/** Move a deadline: a template milestone's is the city's and the province's; an extra one's, any editor's. */
export const mayReschedule = (role: Role, milestone: { key: string | null }) =>
  milestone.key === null ? MILESTONE_EDITORS.includes(role) : PROGRAMME_DEADLINE_EDITORS.includes(role);
/** The leading group (members, contacts) and who answers for which milestone: those who keep the milestones. */
export const mayEditLeadingGroup = (role: Role) => MILESTONE_EDITORS.includes(role);
export const mayFileReport = (role: Role) => REPORT_SUBMITTERS.includes(role);
export const mayReviewReport = (role: Role) => REPORT_REVIEWERS.includes(role);
export const mayRecordExpenditure = (role: Role) => LEDGER_RECORDERS.includes(role);

const OVERSEERS: readonly Role[] = ['province_admin', 'city_officer'];
/**
 * 催办 and 批示 (apps/projects/src/oversight/oversight-rules.ts): the city and the province, or the county's
 * own 组长 (a leading-group member whose account leads the group).
 */
export const mayOversee = (role: Role, isCountyLeader: boolean) =>
  OVERSEERS.includes(role) || (role === 'leading_member' && isCountyLeader);
/** 确认收到 an instruction: the county's officers (专班) and the members of its leading group. */
export const mayAcknowledgeInstruction = (role: Role, isGroupMember: boolean) =>
  role === 'county_officer' || (role === 'leading_member' && isGroupMember);
