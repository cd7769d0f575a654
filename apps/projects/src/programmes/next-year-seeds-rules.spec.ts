import type { MilestoneRecord } from '../milestones/milestones.repository';
import type { OfficerRecord } from '../officers/officers.repository';
import type { ProjectRecord } from '../projects/projects.repository';
import { nextYearSeed } from './next-year-seeds-rules';

describe('nextYearSeed', () => {
  const project = {
    id: 'p2023',
    regionCode: '141124',
    name: '临县公益性零工市场',
    population: 389906,
    populationSource: '山西统计年鉴-2022（2021年末常住人口）',
    plannedAreaM2: 150,
    plannedAreaAtLeast: true,
    noRecruitmentHall: true,
    constructionType: 'renovation',
    progress: 'built',
    actualAreaM2: 180,
    address: '临县',
  } as ProjectRecord;
  const officers = [
    {
      id: 'o1',
      projectId: 'p2023',
      name: '张振玉',
      role: 'leader',
      title: '局长',
      unit: '人社局',
      username: 'zhangzhenyu',
      sort: 1,
    },
    {
      id: 'o2',
      projectId: 'p2023',
      name: '刘星',
      role: 'deputy',
      title: '主任',
      unit: '中心',
      username: 'linxian',
      sort: 2,
    },
  ] as OfficerRecord[];
  const milestones = [
    { key: 'plan', responsibleOfficerIds: ['o1', 'o2'] },
    { key: 'site', responsibleOfficerIds: ['o2', 'gone'] },
    { key: null, responsibleOfficerIds: ['o1'] },
  ] as MilestoneRecord[];

  it('carries the planning columns and the leading group over, with new officer ids, and not what the county did', () => {
    let n = 0;
    const seed = nextYearSeed(project, officers, milestones, () => `new-${++n}`);
    expect(seed).toEqual({
      regionCode: '141124',
      name: '临县公益性零工市场',
      population: 389906,
      populationSource: '山西统计年鉴-2022（2021年末常住人口）',
      plannedAreaM2: 150,
      plannedAreaAtLeast: true,
      noRecruitmentHall: true,
      officers: [
        { id: 'new-1', name: '张振玉', role: 'leader', title: '局长', unit: '人社局', username: 'zhangzhenyu' },
        { id: 'new-2', name: '刘星', role: 'deputy', title: '主任', unit: '中心', username: 'linxian' },
      ],
      // Extra milestones are the source year's own; an officer no longer in the group is dropped.
      responsibleByKey: { plan: ['new-1', 'new-2'], site: ['new-2'] },
    });
  });
});
