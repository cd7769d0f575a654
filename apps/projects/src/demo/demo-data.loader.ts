import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PlatformConfig } from '@duban/platform';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ProgrammeInstantiation } from '../programmes/programme-instantiation';
import { ProgrammesRepository } from '../programmes/programmes.repository';
import { ProjectsRepository } from '../projects/projects.repository';
import { RegionsRepository } from '../regions/regions.repository';
import { buildRegions } from './demo-regions';
import { DemoDataRepository } from './demo-data.repository';
import { DEMO_DEFINITION, DEMO_PROGRAMME, DEMO_PROVINCE } from './demo-programme';
import { demoProjectSeeds } from './demo-projects';

/**
 * Loads the demo regions and programme at start when `DUBAN_DEMO` is on. Idempotent: rows already there
 * are left alone (ON CONFLICT DO NOTHING; a programme with projects is not instantiated again) and
 * concurrent starts are serialised by an advisory lock, so a restart or a second replica changes nothing.
 * Runs after the migrations (they run at module init).
 *
 * The 2023 programme is a past programme: it is loaded as history (`history: true` on its milestones'
 * scheduled events), so the notifications service records its deadlines without alerting on them.
 */
@Injectable()
export class DemoDataLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly config: PlatformConfig,
    private readonly demoData: DemoDataRepository,
    private readonly regions: RegionsRepository,
    private readonly programmes: ProgrammesRepository,
    private readonly projects: ProjectsRepository,
    private readonly instantiation: ProgrammeInstantiation,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo) return;
    const regions = buildRegions(DEMO_PROVINCE, {
      counties: await readDataFile('shanxi_counties.csv'),
      census: await readDataFile('shanxi_county_population_census2020.csv'),
      yearbook: await readDataFile('shanxi_population_yearbook2022.csv'),
    });
    const counties = regions.filter((region) => region.level === 'county');
    if (counties.length !== DEMO_PROGRAMME.countyCount) {
      throw new Error(
        `Demo data lists ${counties.length} counties; the programme covers ${DEMO_PROGRAMME.countyCount}`,
      );
    }
    const added = await this.demoData.inLockedTransaction(async (manager) => {
      const regionCount = await this.regions.insertMissing(manager, regions);
      const programmeAdded = await this.programmes.insertIfAbsent(manager, DEMO_PROGRAMME);
      // A programme row loaded before templates existed gets its definition now.
      await this.programmes.defineIfEmpty(manager, DEMO_PROGRAMME.code, DEMO_DEFINITION);
      const programme = await this.programmes.findByCode(DEMO_PROGRAMME.code, manager);
      if (!programme) throw new Error(`Demo programme ${DEMO_PROGRAMME.code} is missing after insert`);
      const instantiated =
        (await this.projects.countByProgramme(programme.id, manager)) === 0
          ? await this.instantiation.instantiate(manager, programme, demoProjectSeeds(counties), { history: true })
          : { projects: 0, milestones: 0 };
      return { regions: regionCount, programme: programmeAdded, ...instantiated };
    });
    this.logger.log(
      `Demo data: ${added.regions} region(s), ${added.programme ? 1 : 0} programme(s), ` +
        `${added.projects} project(s) and ${added.milestones} milestone(s) added`,
    );
  }
}

function readDataFile(name: string): Promise<string> {
  return readFile(join(__dirname, 'data', name), 'utf8');
}
