import {
  DEMO_PROGRAMME_CODE,
  calculatorRuleSchema,
  wanToFen,
  type CalculatorRule,
  type ProjectRegisteredData,
} from '@duban/contracts';
import { AuditLog, PlatformConfig } from '@duban/platform';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CalculatorService } from '../calculator/calculator.service';
import { LedgerRepository } from '../ledger/ledger.repository';
import { FundingProjectsRepository } from '../projects/funding-projects.repository';

/** The documents' county count for 2023 (附件4: 全省总计 117): the special fund is spread once all are known. */
const DEMO_COUNTIES = 117;
const DEMO_BY = 'demo-data';

/** 5,850 / 117 = 50.00 exactly: a flat 50万元 employment fund per county, as 临县's 50.00 shows. */
const DEMO_EMPLOYMENT_WAN = '50.00';

/**
 * ILLUSTRATIVE, NOT THE REAL FORMULA (which is not public): the 3,470.00万元 special fund with 临县's
 * documented 10.00 fixed, and the other 3,460.00 spread over the other 116 counties by population, each
 * getting 5.00 plus its population share, held within 10.00–70.00, so that with the employment fund every
 * county lands at 60–120万元, the range the public reports give ("综合考虑人口、地域等因素").
 */
export const DEMO_SPECIAL_RULE: CalculatorRule = calculatorRuleSchema.parse({
  programmeCode: DEMO_PROGRAMME_CODE,
  source: 'province_special',
  totalWan: '3470.00',
  fixed: [{ regionCode: '141124', amountWan: '10.00' }],
  baseWan: '5.00',
  weighting: 'population',
  minWan: '10.00',
  maxWan: '70.00',
});

/**
 * The demo's 2023 allocations (DUBAN_DEMO only). They belong to projects funding hears of by event, so they
 * are written as each project arrives (employment fund) and once all 117 are known (special fund), in the
 * consumer's transaction, and checked again at start. Idempotent: an allocation that exists is never
 * overwritten, so a restart, a redelivery or an officer's later change is left alone.
 */
@Injectable()
export class DemoAllocations implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly config: PlatformConfig,
    private readonly ledger: LedgerRepository,
    private readonly projects: FundingProjectsRepository,
    private readonly calculator: CalculatorService,
    private readonly audit: AuditLog,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo) return;
    await this.dataSource.transaction(async (manager) => {
      for (const project of await this.projects.listForProgramme(DEMO_PROGRAMME_CODE, undefined, manager)) {
        await this.employment(manager, project.projectId);
      }
      await this.specialWhenComplete(manager);
    });
  }

  async projectRegistered(manager: EntityManager, project: ProjectRegisteredData): Promise<void> {
    if (!this.config.demo || project.programmeCode !== DEMO_PROGRAMME_CODE) return;
    await this.employment(manager, project.projectId);
    await this.specialWhenComplete(manager);
  }

  private async employment(manager: EntityManager, projectId: string): Promise<void> {
    const added = await this.ledger.insertAllocationIfAbsent(
      manager,
      projectId,
      'province_employment',
      wanToFen(DEMO_EMPLOYMENT_WAN),
      DEMO_BY,
    );
    if (added) {
      await this.audit.recordDone(manager, {
        actor: null,
        action: 'allocation.demo',
        targetType: 'allocation',
        targetId: projectId,
        after: { source: 'province_employment', amountWan: DEMO_EMPLOYMENT_WAN },
      });
    }
  }

  private async specialWhenComplete(manager: EntityManager): Promise<void> {
    if ((await this.projects.countForProgramme(manager, DEMO_PROGRAMME_CODE)) < DEMO_COUNTIES) return;
    if (await this.ledger.hasAllocationsFor(manager, DEMO_PROGRAMME_CODE, 'province_special')) return;
    const { result } = await this.calculator.compute(manager, DEMO_SPECIAL_RULE);
    for (const line of result.lines) {
      await this.ledger.insertAllocationIfAbsent(
        manager,
        line.projectId,
        'province_special',
        wanToFen(line.amountWan),
        DEMO_BY,
      );
    }
    await this.audit.recordDone(manager, {
      actor: null,
      action: 'allocation.demo',
      targetType: 'programme',
      targetId: DEMO_PROGRAMME_CODE,
      before: { rule: DEMO_SPECIAL_RULE },
      after: {
        source: 'province_special',
        totalWan: result.totalWan,
        lowestWan: result.lowestWan,
        highestWan: result.highestWan,
      },
    });
    this.logger.log(
      `Demo data: special fund ${result.totalWan}万元 spread over ${result.counties} counties (illustrative)`,
    );
  }
}
