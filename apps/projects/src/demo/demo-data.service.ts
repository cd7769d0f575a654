import { Clock, PlatformConfig, Transactions } from '@duban/platform';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ProgrammeInstantiationService } from '../programmes/programme-instantiation.service';
import { ProgrammesRepository } from '../programmes/programmes.repository';
import { ProjectsRepository } from '../projects/projects.repository';
import { shippedShanxiRegions } from '../regions/region-import.service';
import { RegionsRepository } from '../regions/regions.repository';
import { DemoDataRepository } from './demo-data.repository';
import { DEMO_DEFINITION, DEMO_PROGRAMME } from './demo-programme-rules';
import { demoProjectSeeds } from './demo-projects-rules';
import { LiveDemoService } from './live-demo.service';

/**
 * Loads the demo regions and programme at start when `DUBAN_DEMO` is on. Idempotent: rows already there
 * are left alone (ON CONFLICT DO NOTHING; a programme with projects is not instantiated again) and
 * concurrent starts are serialised by an advisory lock, so a restart or a second replica changes nothing.
 * Runs after the migrations (they run at module init) and before the service answers anything.
 *
 * The 2023 programme is a past programme: it is loaded as history (`history: true` on its milestones'
 * scheduled events), so the notifications service records its deadlines without alerting on them.
 * With `DUBAN_DEMO_LIVE` the same programme is then copied to the current year and run live (LiveDemoService).
 */
@Injectable()
export class DemoDataService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly config: PlatformConfig,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly demoData: DemoDataRepository,
    private readonly regions: RegionsRepository,
    private readonly programmes: ProgrammesRepository,
    private readonly projects: ProjectsRepository,
    private readonly instantiation: ProgrammeInstantiationService,
    private readonly liveDemo: LiveDemoService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo) return;
    const regions = await shippedShanxiRegions();
    const counties = regions.filter((region) => region.level === 'county');
    if (counties.length !== DEMO_PROGRAMME.countyCount) {
      throw new Error(
        `Demo data lists ${counties.length} counties; the programme covers ${DEMO_PROGRAMME.countyCount}`,
      );
    }
    // A failure leaves nothing behind: one transaction.
    const added = await this.transactions.run(async (tx) => {
      await this.demoData.lock(tx, this.config.database.schema);
      const regionCount = await this.regions.insertMissing(tx, regions);
      const programmeAdded = await this.programmes.insertIfAbsent(tx, DEMO_PROGRAMME, this.clock.now());
      // A programme row loaded before templates existed gets its definition now.
      await this.programmes.defineIfEmpty(tx, DEMO_PROGRAMME.code, DEMO_DEFINITION);
      const programme = await this.programmes.findByCode(tx, DEMO_PROGRAMME.code);
      if (!programme) throw new Error(`Demo programme ${DEMO_PROGRAMME.code} is missing after insert`);
      const instantiated =
        (await this.projects.countByProgramme(tx, programme.id)) === 0
          ? await this.instantiation.instantiate(tx, programme, demoProjectSeeds(counties), { history: true })
          : { projects: 0, milestones: 0 };
      return { regions: regionCount, programme: programmeAdded, ...instantiated };
    });
    this.logger.log(
      `Demo data: ${added.regions} region(s), ${added.programme ? 1 : 0} programme(s), ` +
        `${added.projects} project(s) and ${added.milestones} milestone(s) added`,
    );
    if (this.config.demoLive) await this.liveDemo.seed();
  }
}
