import {
  calculatorRuleSchema,
  isDemoProgrammeCode,
  wanToFen,
  type CalculatorRule,
  type ProjectRegisteredData,
} from '@duban/contracts';
import { AuditLog, Clock, Transactions, type Tx } from '@duban/platform';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CalculatorService } from '../calculator/calculator.service';
import { LedgerRepository } from '../ledger/ledger.repository';
import { ProjectRefsRepository } from '../project-refs/project-refs.repository';
import { DemoBudget } from './demo-budget.service';

/**
 * The documents' county count for 2023 (附件4: 全省总计 117), which a live demo's copy keeps: the special fund is
 * spread once all are known.
 */
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
export function demoSpecialRule(programmeCode: string): CalculatorRule {
  return calculatorRuleSchema.parse({
    programmeCode,
    source: 'province_special',
    totalWan: '3470.00',
    fixed: [{ regionCode: '141124', amountWan: '10.00' }],
    baseWan: '5.00',
    weighting: 'population',
    minWan: '10.00',
    maxWan: '70.00',
  });
}

/**
 * The demo's allocations, for the 2023 programme and for a live demo's copy of it for the current year (the demo
 * module runs only with `DUBAN_DEMO` on; the copy's budget is loaded with its first project). They belong to projects
 * funding hears of by event, so they are written as each project arrives (employment fund) and once all 117
 * are known (special fund), in the demo consumer's transaction, and checked again at start. Idempotent: an
 * allocation that exists is never overwritten, so a restart, a redelivery or an officer's later change is
 * left alone.
 */
@Injectable()
export class DemoAllocations implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly projects: ProjectRefsRepository,
    private readonly calculator: CalculatorService,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly budget: DemoBudget,
  ) {}

  /** Catches up with the projects already known (their events may have been handled before the demo ran). */
  async onApplicationBootstrap(): Promise<void> {
    await this.transactions.run(async (tx) => {
      for (const code of (await this.projects.programmeCodes(tx)).filter(isDemoProgrammeCode)) {
        await this.budget.add(tx, code);
        for (const project of await this.projects.listForProgramme(tx, code)) {
          await this.employment(tx, project.projectId);
        }
        await this.specialWhenComplete(tx, code);
      }
    });
  }

  /** A project is known (its copy is in `funding.project`): its share of the demo money, if it is the demo's. */
  async projectRegistered(tx: Tx, project: ProjectRegisteredData): Promise<void> {
    if (!isDemoProgrammeCode(project.programmeCode)) return;
    await this.budget.add(tx, project.programmeCode);
    await this.employment(tx, project.projectId);
    await this.specialWhenComplete(tx, project.programmeCode);
  }

  private async employment(tx: Tx, projectId: string): Promise<void> {
    const amountFen = wanToFen(DEMO_EMPLOYMENT_WAN);
    const now = this.clock.now();
    if (await this.ledger.insertAllocationIfAbsent(tx, projectId, 'province_employment', amountFen, DEMO_BY, now)) {
      await this.audit.recordDone(tx, {
        actor: null,
        action: 'allocation.demo',
        targetType: 'allocation',
        targetId: projectId,
        after: { source: 'province_employment', amountWan: DEMO_EMPLOYMENT_WAN },
      });
    }
  }

  private async specialWhenComplete(tx: Tx, programmeCode: string): Promise<void> {
    if ((await this.projects.countForProgramme(tx, programmeCode)) < DEMO_COUNTIES) return;
    // One spread only, whichever replica or consumer gets here first: the others wait, then find it done.
    await this.ledger.lockProgrammeMoney(tx, programmeCode);
    if (await this.ledger.hasAllocationsFor(tx, programmeCode, 'province_special')) return;
    const rule = demoSpecialRule(programmeCode);
    const { result } = await this.calculator.compute(tx, rule);
    const now = this.clock.now();
    for (const line of result.lines) {
      const amountFen = wanToFen(line.amountWan);
      await this.ledger.insertAllocationIfAbsent(tx, line.projectId, 'province_special', amountFen, DEMO_BY, now);
    }
    await this.audit.recordDone(tx, {
      actor: null,
      action: 'allocation.demo',
      targetType: 'programme',
      targetId: programmeCode,
      before: { rule },
      after: {
        source: 'province_special',
        totalWan: result.totalWan,
        lowestWan: result.lowestWan,
        highestWan: result.highestWan,
      },
    });
    this.logger.log(
      `Demo data: special fund ${result.totalWan}万元 of ${programmeCode} spread over ${result.counties} counties (illustrative)`,
    );
  }
}
