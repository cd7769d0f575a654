import type { RegionView } from '@duban/contracts';
import type { Region } from './region.entity';

export function toRegionView(region: Region): RegionView {
  return {
    code: region.code,
    name: region.name,
    level: region.level,
    parentCode: region.parentCode,
    population: region.population,
    populationSource: region.populationSource,
  };
}
