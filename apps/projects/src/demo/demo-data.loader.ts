import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEMO_PROGRAMME_CODE } from '@duban/contracts';
import { PlatformConfig } from '@duban/platform';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ProgrammesRepository, type NewProgramme } from '../programmes/programmes.repository';
import { RegionsRepository } from '../regions/regions.repository';
import { buildRegions } from './demo-regions';
import { DemoDataRepository } from './demo-data.repository';

const DEMO_PROVINCE = { code: '140000', name: '山西省' };

/** Shanxi's 2023 民生实事 as the programme documents state it. */
const DEMO_PROGRAMME: NewProgramme = {
  code: DEMO_PROGRAMME_CODE,
  name: '公益性零工市场县县全覆盖',
  year: 2023,
  rootRegionCode: DEMO_PROVINCE.code,
  countyCount: 117,
};

/**
 * Loads the demo regions and programme at start when `DUBAN_DEMO` is on. Idempotent: rows already there
 * are left alone (ON CONFLICT DO NOTHING) and concurrent starts are serialised by an advisory lock, so a
 * restart or a second replica changes nothing. Runs after the migrations (they run at module init).
 */
@Injectable()
export class DemoDataLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly config: PlatformConfig,
    private readonly demoData: DemoDataRepository,
    private readonly regions: RegionsRepository,
    private readonly programmes: ProgrammesRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo) return;
    const regions = buildRegions(DEMO_PROVINCE, {
      counties: await readDataFile('shanxi_counties.csv'),
      census: await readDataFile('shanxi_county_population_census2020.csv'),
      yearbook: await readDataFile('shanxi_population_yearbook2022.csv'),
    });
    const counties = regions.filter((region) => region.level === 'county').length;
    if (counties !== DEMO_PROGRAMME.countyCount) {
      throw new Error(`Demo data lists ${counties} counties; the programme covers ${DEMO_PROGRAMME.countyCount}`);
    }
    const added = await this.demoData.inLockedTransaction(async (manager) => ({
      regions: await this.regions.insertMissing(manager, regions),
      programme: await this.programmes.insertIfAbsent(manager, DEMO_PROGRAMME),
    }));
    this.logger.log(`Demo data: ${added.regions} region(s) and ${added.programme ? 1 : 0} programme(s) added`);
  }
}

function readDataFile(name: string): Promise<string> {
  return readFile(join(__dirname, 'data', name), 'utf8');
}
