import { buildRegions, PopulationSource } from './demo-regions-rules';

const province = { code: '140000', name: '山西省' };
const counties =
  'city_code,city_name,county_code,county_name\n141100,吕梁市,141102,离石区\n141100,吕梁市,141124,临县\n';
const census = 'county_code,county_name,census2020_resident_population\n141102,离石区,456355\n141124,临县,394713\n';
const yearbook =
  'region_code,region_name,yearbook2022_resident_population\n140000,山西省,34804758\n141124,临县,389906\n';

describe('buildRegions', () => {
  it('lists parents first and prefers the documents’ yearbook figure over the census, saying which', () => {
    const regions = buildRegions(province, { counties, census, yearbook });
    expect(regions.map((region) => [region.code, region.level, region.population, region.populationSource])).toEqual([
      ['140000', 'province', 34804758, PopulationSource.yearbook2022],
      ['141100', 'city', null, null],
      ['141102', 'county', 456355, PopulationSource.census2020],
      ['141124', 'county', 389906, PopulationSource.yearbook2022],
    ]);
  });

  it('refuses files that disagree, naming every problem', () => {
    const badCensus = 'county_code,county_name,census2020_resident_population\n141102,离石县,4.5\n';
    expect(() => buildRegions(province, { counties, census: badCensus, yearbook })).toThrow(
      /141102 has population "4\.5"[\s\S]*141102 离石县 is not a county of that name[\s\S]*no figure for county 141124 临县/,
    );
  });

  it('refuses a county filed under a city it does not belong to', () => {
    const misplaced = 'city_code,city_name,county_code,county_name\n141000,临汾市,141124,临县\n';
    expect(() => buildRegions(province, { counties: misplaced, census, yearbook })).toThrow(
      'county 141124 临县 is not in city 141000',
    );
  });
});
