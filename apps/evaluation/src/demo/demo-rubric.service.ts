import { PlatformConfig } from '@duban/platform';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { GIG_MARKET_RUBRIC_2023 } from '../rubrics/gig-market-rubric-2023.rules';
import { RubricsService } from '../rubrics/rubrics.service';

/** With `DUBAN_DEMO=true`, loads the corrected 2023 rubric (idempotent: the same content adds no version). */
@Injectable()
export class DemoRubricService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly config: PlatformConfig,
    private readonly rubrics: RubricsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo) return;
    const { rubric, added } = await this.rubrics.load(GIG_MARKET_RUBRIC_2023, 'demo');
    this.logger.log(`Demo rubric ${rubric.code} v${rubric.version} ${added ? 'loaded' : 'already present'}`);
  }
}
