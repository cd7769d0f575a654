import { projectChanges, requestedProjectFields } from './project-changes-rules';
import type { EditableProjectColumns } from './project-view';

const current: EditableProjectColumns = {
  constructionType: null,
  progress: 'site_selected',
  actualAreaM2: 150,
  address: '临县',
  plannedAreaM2: 150,
  plannedAreaAtLeast: true,
  noRecruitmentHall: false,
  population: 389906,
  populationSource: '山西统计年鉴-2022（2021年末常住人口）',
};

describe('project changes', () => {
  it('names every field the request sets, changed or not, and never the version', () => {
    expect(requestedProjectFields({ actualAreaM2: 150, address: null, version: 2 })).toEqual([
      'actualAreaM2',
      'address',
    ]);
  });

  it('keeps only real differences, with before and after', () => {
    expect(projectChanges(current, { actualAreaM2: 150, progress: 'built', address: null, version: 1 })).toEqual({
      progress: { before: 'site_selected', after: 'built' },
      address: { before: '临县', after: null },
    });
    expect(projectChanges(current, { plannedAreaAtLeast: true, constructionType: null })).toEqual({});
  });
});
