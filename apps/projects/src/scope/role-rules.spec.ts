import { ROLES, type ProjectField } from '@duban/contracts';
import {
  forbiddenFieldsMessage,
  forbiddenProjectFields,
  mayChangeTemplateMilestone,
  mayCompleteMilestone,
  mayCreateProgramme,
  mayEditMilestones,
  mayEditProject,
} from './role-rules';

const ALL_FIELDS: ProjectField[] = [
  'constructionType',
  'progress',
  'actualAreaM2',
  'address',
  'plannedAreaM2',
  'plannedAreaAtLeast',
  'noRecruitmentHall',
  'population',
  'populationSource',
];

describe('role rules', () => {
  it('lets the county keep the construction columns but not the planning ones; the city and province both', () => {
    expect(forbiddenProjectFields('county_officer', ALL_FIELDS)).toEqual([
      'plannedAreaM2',
      'plannedAreaAtLeast',
      'noRecruitmentHall',
      'population',
      'populationSource',
    ]);
    expect(forbiddenProjectFields('city_officer', ALL_FIELDS)).toEqual([]);
    expect(forbiddenProjectFields('province_admin', ALL_FIELDS)).toEqual([]);
    expect(forbiddenProjectFields('leading_member', ['address'])).toEqual(['address']);
    expect(forbiddenProjectFields('inspector', ALL_FIELDS)).toEqual(ALL_FIELDS);
  });

  it('names the refused columns as 附件1 does', () => {
    expect(forbiddenFieldsMessage('county_officer', ['plannedAreaM2', 'noRecruitmentHall'])).toBe(
      '县级专班不能修改：应规划室内场所面积、没有招聘大厅',
    );
  });

  it('gives each role its milestone powers', () => {
    const table = ROLES.map((role) => [
      role,
      mayCreateProgramme(role),
      mayEditProject(role),
      mayEditMilestones(role),
      mayChangeTemplateMilestone(role),
      mayCompleteMilestone(role, false),
      mayCompleteMilestone(role, true),
    ]);
    expect(table).toEqual([
      ['province_admin', true, true, true, true, true, true],
      ['city_officer', false, true, true, true, true, true],
      ['county_officer', false, true, true, false, true, true],
      ['leading_member', false, false, false, false, false, true],
      ['inspector', false, false, false, false, false, false],
    ]);
  });
});
