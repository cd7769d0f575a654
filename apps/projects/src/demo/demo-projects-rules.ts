import { randomUUID } from 'node:crypto';
import type { ProjectSeed } from '../programmes/programme-instantiation.service';
import type { RegionRecord } from '../regions/regions.repository';
import {
  demoProjectName,
  LINXIAN_CODE,
  LINXIAN_LEADING_GROUP,
  LINXIAN_PLANNED_AREA,
  LINXIAN_RESPONSIBLE,
} from './demo-programme-rules';

/**
 * One project per county for the demo programme: named after the county, with its population and that
 * figure's source. Only 临县 has its planned area and leading group: the documents give no others.
 */
export function demoProjectSeeds(counties: readonly RegionRecord[], newId: () => string = randomUUID): ProjectSeed[] {
  return counties.map((county) => {
    const base = {
      regionCode: county.code,
      name: demoProjectName(county.name),
      population: county.population,
      populationSource: county.populationSource,
      plannedAreaM2: null,
      plannedAreaAtLeast: false,
      noRecruitmentHall: false,
      officers: [],
      responsibleByKey: {},
    };
    if (county.code !== LINXIAN_CODE) return base;
    const ids = new Map(LINXIAN_LEADING_GROUP.map((officer) => [officer.ref, newId()]));
    return {
      ...base,
      ...LINXIAN_PLANNED_AREA,
      officers: LINXIAN_LEADING_GROUP.map(({ ref, ...officer }) => ({ ...officer, id: ids.get(ref) as string })),
      responsibleByKey: Object.fromEntries(
        Object.entries(LINXIAN_RESPONSIBLE).map(([key, refs]) => [key, refs.map((ref) => ids.get(ref) as string)]),
      ),
    };
  });
}
