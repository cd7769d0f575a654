import type { Envelope, ProgrammeClosedData } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import { Injectable, Logger } from '@nestjs/common';
import { ClosedProgrammesRepository } from '../deadlines/closed-programmes.repository';
import { DeadlinesRepository } from '../deadlines/deadlines.repository';
import { DeadlinePlanning } from './deadline-planning.service';

/**
 * A closed programme stops being chased: every open deadline of it (its projects' milestones and monthly
 * reports `report:<project>:<YYYY-MM>`, and what other services set for it, such as rectifications) is
 * cancelled with its planned stages, in the consumer's transaction, and the programme is remembered so that
 * no later event plans anything for it again (DeadlinePlanning.apply).
 */
@Injectable()
export class ProgrammeClosing {
  constructor(
    private readonly deadlines: DeadlinesRepository,
    private readonly closedProgrammes: ClosedProgrammesRepository,
    private readonly planning: DeadlinePlanning,
  ) {}

  private readonly logger = new Logger(ProgrammeClosing.name);

  /** Returns how many open deadlines the closing cancelled. */
  async close(tx: Tx, event: Envelope<ProgrammeClosedData>): Promise<number> {
    const { programmeId, programmeCode, status, closedAt } = event.data;
    let cancelled = 0;
    for (const { source, sourceId } of await this.deadlines.openOfProgramme(tx, programmeId)) {
      if (await this.planning.cancelForClosedProgramme(tx, source, sourceId)) cancelled += 1;
    }
    await this.closedProgrammes.record(
      tx,
      { programmeId, programmeCode, status, closedAt: new Date(closedAt), eventId: event.id },
      cancelled,
    );
    this.logger.log(`Programme ${programmeCode} ${status}: ${cancelled} open deadlines cancelled`);
    return cancelled;
  }
}
