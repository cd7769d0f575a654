import type { RegionLevel } from '@duban/contracts';
import { addTables, emptyTable, type SourceTable } from './figures.rules';

/** A county project's place in the tree and its ledger per source (fen). */
export interface CountyLedger {
  readonly projectId: string;
  readonly regionCode: string;
  readonly regionName: string;
  readonly cityCode: string | null;
  readonly cityName: string | null;
  readonly provinceCode: string | null;
  /** The province's name as the projects service gave it; null in events from before it did. */
  readonly provinceName: string | null;
  readonly table: SourceTable;
}

export interface RollupNode {
  readonly regionCode: string;
  readonly regionName: string | null;
  readonly level: RegionLevel;
  readonly counties: number;
  readonly table: SourceTable;
  readonly children: readonly RollupNode[];
}

/**
 * The rollup of one region: county → city → province. Each node's figures are the sum of its children's,
 * computed from them, so a level always adds up exactly to the one above (to the fen); a county's are its
 * own ledger. The region is a county, a city or a province code, found among the counties' paths.
 */
export function rollupOf(regionCode: string, counties: readonly CountyLedger[]): RollupNode | null {
  const county = counties.find((c) => c.regionCode === regionCode);
  if (county) return countyNode(county);
  const inCity = counties.filter((c) => c.cityCode === regionCode);
  if (inCity.length > 0) return cityNode(regionCode, inCity);
  const inProvince = counties.filter((c) => c.provinceCode === regionCode);
  if (inProvince.length > 0) {
    const byCity = groupBy(inProvince, (c) => c.cityCode ?? c.regionCode);
    const children = [...byCity.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, members]) => (members[0].cityCode === null ? countyNode(members[0]) : cityNode(code, members)));
    const provinceName = inProvince.find((c) => c.provinceName !== null)?.provinceName ?? null;
    return sumNode(regionCode, provinceName, 'province', children);
  }
  return null;
}

function countyNode(county: CountyLedger): RollupNode {
  return {
    regionCode: county.regionCode,
    regionName: county.regionName,
    level: 'county',
    counties: 1,
    table: county.table,
    children: [],
  };
}

function cityNode(cityCode: string, counties: readonly CountyLedger[]): RollupNode {
  const children = [...counties].sort((a, b) => a.regionCode.localeCompare(b.regionCode)).map(countyNode);
  return sumNode(cityCode, counties[0]?.cityName ?? null, 'city', children);
}

function sumNode(
  regionCode: string,
  regionName: string | null,
  level: RegionLevel,
  children: RollupNode[],
): RollupNode {
  return {
    regionCode,
    regionName,
    level,
    counties: children.reduce((acc, child) => acc + child.counties, 0),
    table: children.reduce<SourceTable>((acc, child) => addTables(acc, child.table), emptyTable()),
    children,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
