import type { RegionRecord } from '../regions/regions.repository';
import { parseCsv } from './csv-rules';

/**
 * The labels stored beside each population figure. Two sources with different dates: the programme
 * documents' base (山西统计年鉴-2022, 2021 year-end) and the 2020 census. A figure is always stored with
 * its label, so a census figure is never read as a yearbook one.
 */
export const PopulationSource = {
  yearbook2022: '山西统计年鉴-2022（2021年末常住人口）',
  census2020: '第七次全国人口普查（2020-11-01常住人口）',
} as const;

export interface RegionFiles {
  /** city_code,city_name,county_code,county_name */
  readonly counties: string;
  /** county_code,county_name,census2020_resident_population */
  readonly census: string;
  /** region_code,region_name,yearbook2022_resident_population: the figures the programme documents give */
  readonly yearbook: string;
}

interface Figure {
  readonly name: string;
  readonly population: number;
}

/**
 * Builds the region tree (province, its cities, their counties), parents first, from the demo CSVs.
 * A county's population is the yearbook figure where the documents give one, else its census figure;
 * the province's is the yearbook figure. Cities get none: a sum of their counties would mix sources.
 * Throws, listing every problem, if the files disagree with each other or with the province.
 */
export function buildRegions(province: { code: string; name: string }, files: RegionFiles): RegionRecord[] {
  const problems: string[] = [];
  const counties = parseCsv(files.counties, ['city_code', 'city_name', 'county_code', 'county_name'], 'counties');
  const census = readFigures(
    files.census,
    ['county_code', 'county_name', 'census2020_resident_population'],
    'census',
    problems,
  );
  const yearbook = readFigures(
    files.yearbook,
    ['region_code', 'region_name', 'yearbook2022_resident_population'],
    'yearbook',
    problems,
  );

  const cities = new Map<string, string>();
  const countyNames = new Map<string, string>();
  for (const row of counties) {
    if (!/^\d{4}00$/.test(row.city_code) || row.city_code.slice(0, 2) !== province.code.slice(0, 2)) {
      problems.push(`city ${row.city_code} ${row.city_name} is not a city of ${province.code}`);
    }
    if (!/^\d{6}$/.test(row.county_code) || row.county_code.slice(0, 4) !== row.city_code.slice(0, 4)) {
      problems.push(`county ${row.county_code} ${row.county_name} is not in city ${row.city_code}`);
    }
    const cityName = cities.get(row.city_code);
    if (cityName !== undefined && cityName !== row.city_name) {
      problems.push(`city ${row.city_code} has two names: ${cityName}, ${row.city_name}`);
    }
    if (countyNames.has(row.county_code)) problems.push(`county ${row.county_code} is listed twice`);
    cities.set(row.city_code, row.city_name);
    countyNames.set(row.county_code, row.county_name);
  }

  // Every figure must belong to a region of the same name; every county must have a census figure.
  for (const [code, { name }] of census) {
    if (countyNames.get(code) !== name) problems.push(`census: ${code} ${name} is not a county of that name`);
  }
  for (const [code, { name }] of yearbook) {
    const known = code === province.code ? province.name : countyNames.get(code);
    if (known !== name) problems.push(`yearbook: ${code} ${name} is not the province or a county of that name`);
  }
  for (const [code, name] of countyNames) {
    if (!census.has(code)) problems.push(`census: no figure for county ${code} ${name}`);
  }
  const provinceFigure = yearbook.get(province.code);
  if (!provinceFigure) problems.push(`yearbook: no figure for the province ${province.code}`);
  if (problems.length > 0) throw new Error(`Demo region data is inconsistent:\n  ${problems.join('\n  ')}`);

  const county = (row: (typeof counties)[number]): RegionRecord => {
    const fromYearbook = yearbook.get(row.county_code);
    return {
      code: row.county_code,
      name: row.county_name,
      level: 'county',
      parentCode: row.city_code,
      population: (fromYearbook ?? census.get(row.county_code))?.population ?? null,
      populationSource: fromYearbook ? PopulationSource.yearbook2022 : PopulationSource.census2020,
    };
  };
  return [
    {
      code: province.code,
      name: province.name,
      level: 'province',
      parentCode: null,
      population: provinceFigure?.population ?? null,
      populationSource: PopulationSource.yearbook2022,
    },
    ...[...cities].map(([code, name]): RegionRecord => ({
      code,
      name,
      level: 'city',
      parentCode: province.code,
      population: null,
      populationSource: null,
    })),
    ...counties.map(county),
  ];
}

/** Reads a code,name,population file into a map by code, noting bad or repeated rows in `problems`. */
function readFigures<K extends string>(
  text: string,
  [codeColumn, nameColumn, populationColumn]: readonly [K, K, K],
  source: string,
  problems: string[],
): Map<string, Figure> {
  const figures = new Map<string, Figure>();
  for (const row of parseCsv(text, [codeColumn, nameColumn, populationColumn], source)) {
    const code = row[codeColumn];
    const population = Number(row[populationColumn]);
    // Stored as a Postgres integer.
    if (!/^\d+$/.test(row[populationColumn]) || population > 2_147_483_647) {
      problems.push(`${source}: ${code} has population "${row[populationColumn]}"`);
    }
    if (figures.has(code)) problems.push(`${source}: ${code} is listed twice`);
    figures.set(code, { name: row[nameColumn], population });
  }
  return figures;
}
