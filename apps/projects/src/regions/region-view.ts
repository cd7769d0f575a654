import type { RegionView } from '@duban/contracts';
import type { RegionRecord } from './regions.repository';

export function toRegionView(region: RegionRecord): RegionView {
  return {
    code: region.code,
    name: region.name,
    level: region.level,
    parentCode: region.parentCode,
    population: region.population,
    populationSource: region.populationSource,
  };
}
