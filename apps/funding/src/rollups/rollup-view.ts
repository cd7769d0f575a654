import { fenToWan, type Annex4, type RollupRow } from '@duban/contracts';
import type { ProjectRef, ProvinceFacts } from '../project-refs/project-refs.repository';
import { figuresView, tableView } from './figures-view';
import { tableTotal } from './figures.rules';
import type { CountyLedger, RollupNode } from './rollup-tree.rules';

/** One region's line of a rollup: its figures per source and over all sources. */
export function rollupRowView(node: RollupNode): RollupRow {
  return {
    regionCode: node.regionCode,
    regionName: node.regionName,
    level: node.level,
    counties: node.counties,
    bySource: tableView(node.table),
    all: figuresView(tableTotal(node.table)),
  };
}

export interface Annex4Source {
  readonly programmeCode: string;
  readonly regionCode: string;
  /** The region's rollup node (its name and level). */
  readonly node: RollupNode | null;
  /** The counties under the region, in order, with their ledgers. */
  readonly counties: readonly { readonly project: ProjectRef; readonly ledger: CountyLedger }[];
  /** The province's own facts, when the region is a province. */
  readonly province: ProvinceFacts | null;
}

/** 附件4 (省级资金安排分配表): one line per county with its population base and the province's two funds. */
export function annex4View({ programmeCode, regionCode, node, counties, province }: Annex4Source): Annex4 {
  const rows = counties.map(({ project, ledger }, index) => ({
    number: index + 1,
    projectId: project.projectId,
    cityName: project.cityName,
    regionCode: project.regionCode,
    countyName: project.regionName,
    population: project.population,
    populationSource: project.populationSource,
    special: ledger.table.province_special.allocated,
    employment: ledger.table.province_employment.allocated,
    city: ledger.table.city.allocated,
    county: ledger.table.county.allocated,
  }));
  const special = rows.reduce((acc, r) => acc + r.special, 0n);
  const employment = rows.reduce((acc, r) => acc + r.employment, 0n);
  const city = rows.reduce((acc, r) => acc + r.city, 0n);
  const county = rows.reduce((acc, r) => acc + r.county, 0n);
  const countiesPopulation = rows.reduce((acc, r) => acc + (r.population ?? 0), 0);
  const countySources = [...new Set(rows.map((r) => r.populationSource).filter((s): s is string => s !== null))].sort();
  // The province's line shows the province's own figure with its source, never a sum of county figures
  // from different statistics passed off as one; without it (older events, or a city) the sum, labelled.
  const population =
    province !== null && province.population !== null
      ? {
          population: province.population,
          populationBasis: 'region' as const,
          populationSources: province.populationSource === null ? [] : [province.populationSource],
        }
      : {
          population: countiesPopulation,
          populationBasis: 'sum_of_counties' as const,
          populationSources: countySources,
        };
  return {
    programmeCode,
    programmeYear: counties[0]?.project.programmeYear ?? 0,
    regionCode,
    regionName: node?.regionName ?? null,
    total: {
      counties: rows.length,
      ...population,
      countiesPopulation,
      specialWan: fenToWan(special),
      employmentWan: fenToWan(employment),
      totalWan: fenToWan(special + employment),
      cityWan: fenToWan(city),
      countyWan: fenToWan(county),
    },
    rows: rows.map(({ special: s, employment: e, city: c, county: k, ...rest }) => ({
      ...rest,
      specialWan: fenToWan(s),
      employmentWan: fenToWan(e),
      totalWan: fenToWan(s + e),
      cityWan: fenToWan(c),
      countyWan: fenToWan(k),
    })),
  };
}
