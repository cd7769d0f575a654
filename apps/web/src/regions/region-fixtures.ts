import type { RegionView } from '@duban/contracts';

/** A region as `GET /api/regions` answers it (no population: the tree and the names do not read it). */
export function aRegion(code: string, name: string, level: RegionView['level'], parentCode: string | null): RegionView {
  return { code, name, level, parentCode, population: null, populationSource: null };
}
