import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock, Transactions } from '@duban/platform';
import { DataRepairsRepository } from '../data-repairs/data-repairs.repository';
import { ProgrammesRepository } from '../programmes/programmes.repository';
import { ProjectsRepository } from '../projects/projects.repository';
import { ReportDeadlines } from './report-deadlines.service';

/** The repair's name in `projects.data_repair` (migration 1770000000330, `DataRepairsRepository`). */
export const UNOWED_REPORT_MONTHS = 'withdraw-unowed-report-months';

/**
 * Once, at the first start after the migration noted it: withdraws from every open programme the report months
 * it does not owe (`ReportDeadlines.withdrawUnowed`), which a version before that rule had announced, so no
 * county is chased any more for a report due before its programme existed. One transaction, the note taken in
 * it: a second instance starting at the same time waits for it and finds nothing left to do; a failure leaves
 * the note for the next start.
 */
@Injectable()
export class UnowedReportMonthsRepair implements OnApplicationBootstrap {
  private readonly logger = new Logger(UnowedReportMonthsRepair.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly repairs: DataRepairsRepository,
    private readonly programmes: ProgrammesRepository,
    private readonly projects: ProjectsRepository,
    private readonly deadlines: ReportDeadlines,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.run();
    } catch (error) {
      this.logger.error(`Report months not owed could not be withdrawn (tried again at the next start): ${error}`);
    }
  }

  /** Does the repair if it is noted; how many months were withdrawn (null: nothing was noted). */
  run(): Promise<number | null> {
    return this.transactions.run(async (tx) => {
      if (!(await this.repairs.take(tx, UNOWED_REPORT_MONTHS))) return null;
      const now = this.clock.now();
      let withdrawn = 0;
      for (const programme of await this.programmes.findOpen(tx)) {
        const projects = await this.projects.findByProgramme(tx, programme.id);
        withdrawn += await this.deadlines.withdrawUnowed(tx, programme, projects, now);
      }
      this.logger.log(`Withdrew ${withdrawn} report month(s) that open programmes do not owe`);
      return withdrawn;
    });
  }
}
