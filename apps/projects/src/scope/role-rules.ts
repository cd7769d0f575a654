import {
  PROJECT_CONSTRUCTION_FIELDS,
  PROJECT_FIELD_LABELS,
  ROLE_LABELS,
  type ProjectField,
  type Role,
} from '@duban/contracts';

/**
 * What each role may do in the projects service (DESIGN "Who uses it"), inside its scope. Scope (which
 * regions) is the platform's Access rule, fed by the loaders; this says what a role may do with what it can see.
 *
 * - province_admin: everything, including setting up a programme year.
 * - city_officer: its counties' projects, including the planning columns (planned area, no-hall flag,
 *   population); milestones as the county does, and may move a template milestone's deadline or title.
 * - county_officer: its county's construction columns (附件1) and milestones: add extra ones, edit them,
 *   mark started, complete with evidence, reopen. The programme's template deadlines are not its to move.
 * - leading_member: reads its county; may complete the milestones it is responsible for (it is the one
 *   reminded of them), nothing else.
 * - inspector: reads the projects of its assigned counties; writes nothing here.
 */
const MILESTONE_EDITORS: readonly Role[] = ['province_admin', 'city_officer', 'county_officer'];
const PROGRAMME_DEADLINE_EDITORS: readonly Role[] = ['province_admin', 'city_officer'];
const CONSTRUCTION_EDITORS: readonly Role[] = ['province_admin', 'city_officer', 'county_officer'];
const PLANNING_EDITORS: readonly Role[] = ['province_admin', 'city_officer'];

/** Edit a county's leading group (members, their contacts): those who keep its milestones. */
export function mayEditLeadingGroup(role: Role): boolean {
  return MILESTONE_EDITORS.includes(role);
}

export function mayCreateProgramme(role: Role): boolean {
  return role === 'province_admin';
}

/** Add an extra milestone, edit a milestone, mark it started, reopen it. */
export function mayEditMilestones(role: Role): boolean {
  return MILESTONE_EDITORS.includes(role);
}

/** Move the deadline or rename a template milestone: the programme's dates are the province's and city's. */
export function mayChangeTemplateMilestone(role: Role): boolean {
  return PROGRAMME_DEADLINE_EDITORS.includes(role);
}

/** Complete a milestone: editors always; a leading-group member only one it is responsible for. */
export function mayCompleteMilestone(role: Role, isResponsible: boolean): boolean {
  return MILESTONE_EDITORS.includes(role) || (role === 'leading_member' && isResponsible);
}

/** Edit a project's 附件1 columns at all (which columns: see forbiddenProjectFields). */
export function mayEditProject(role: Role): boolean {
  return CONSTRUCTION_EDITORS.includes(role) || PLANNING_EDITORS.includes(role);
}

/** The fields of a project update that `role` may not change (empty when all are allowed). */
export function forbiddenProjectFields(role: Role, fields: readonly ProjectField[]): ProjectField[] {
  return fields.filter((field) =>
    (PROJECT_CONSTRUCTION_FIELDS as readonly string[]).includes(field)
      ? !CONSTRUCTION_EDITORS.includes(role)
      : !PLANNING_EDITORS.includes(role),
  );
}

/** "县级专班不能修改：应规划室内场所面积、没有招聘大厅" */
export function forbiddenFieldsMessage(role: Role, fields: readonly ProjectField[]): string {
  return `${ROLE_LABELS[role]}不能修改：${fields.map((field) => PROJECT_FIELD_LABELS[field]).join('、')}`;
}

export function roleMayNotMessage(role: Role, what: string): string {
  return `${ROLE_LABELS[role]}无权${what}`;
}
