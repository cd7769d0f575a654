import type { ProjectView } from '@duban/contracts';

/** 临县's project as the projects service answers it (for stand-ins of GetProjectRpc). */
export function linxianProject(id: string): ProjectView {
  return {
    id,
    programmeId: '0190a3c4-0000-7000-8000-0000000000d1',
    programmeYear: 2023,
    regionCode: '141124',
    regionName: '临县',
    cityRegionCode: '141100',
    name: '临县公益性零工市场',
    light: 'red',
    population: 389906,
    populationSource: '山西统计年鉴-2022（2021年末常住人口）',
    plannedAreaM2: 150,
    plannedAreaAtLeast: true,
    constructionType: null,
    progress: null,
    actualAreaM2: null,
    address: null,
    noRecruitmentHall: false,
    version: 1,
    updatedAt: '2023-03-01T00:00:00.000Z',
  };
}
