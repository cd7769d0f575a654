import { DEMO_PROGRAMME_CODE, wanToFen, type FundingSource } from '@duban/contracts';
import { Transactions, type Tx } from '@duban/platform';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ProgrammeBudgetsRepository } from '../programme-budgets/programme-budgets.repository';

/**
 * The province's money for the 2023 programme, as 附件4 totals it: 3,470 + 5,850 = 9,320万元; the live demo's copy of
 * the programme for a later year gets the same.
 * City and county matching funds are set per county and have no provincial total: no row, rather than 0.
 */
const DEMO_BUDGET: readonly { source: FundingSource; amountWan: string }[] = [
  { source: 'province_special', amountWan: '3470.00' },
  { source: 'province_employment', amountWan: '5850.00' },
];

/**
 * Loads the demo budget: the 2023 programme's at start (the demo module runs only with `DUBAN_DEMO` on), a live
 * demo's copy's when its projects arrive (`DemoAllocations`). One INSERT … ON CONFLICT DO NOTHING: atomic on its
 * own, and a restart or a replica starting alongside inserts nothing and never fails.
 */
@Injectable()
export class DemoBudget implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly budgets: ProgrammeBudgetsRepository,
    private readonly transactions: Transactions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.add(this.transactions.none, DEMO_PROGRAMME_CODE);
  }

  /** The demo budget of a demo programme, where it has none yet. */
  async add(tx: Tx, programmeCode: string): Promise<void> {
    const added = await this.budgets.insertMissing(
      tx,
      DEMO_BUDGET.map(({ source, amountWan }) => ({ programmeCode, source, amountFen: wanToFen(amountWan) })),
    );
    if (added > 0) this.logger.log(`Demo data: ${added} budget line(s) added for ${programmeCode}`);
  }
}
