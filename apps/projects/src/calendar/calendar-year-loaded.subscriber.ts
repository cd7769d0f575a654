import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CalendarYearLoaded, type CalendarYearLoadedData, type Envelope } from '@duban/contracts';
import { EventContext, Transactions } from '@duban/platform';
import { CalendarRepository } from './calendar.repository';
import { WorkingDays } from './working-days.service';

/**
 * Keeps this service's copy of the holiday tables in step with the notifications service, which owns them:
 * a loaded (or replaced) year's rows replace the copy's, in the consumer's transaction with the inbox row,
 * and this instance's calendar is read again once that commits (the others within a minute).
 */
@Controller()
export class CalendarYearLoadedSubscriber {
  constructor(
    private readonly calendar: CalendarRepository,
    private readonly workingDays: WorkingDays,
    private readonly transactions: Transactions,
  ) {}

  // The durable name lives in the broker and the inbox table: it is stable.
  @EventPattern(CalendarYearLoaded.type, { durable: 'projects-calendars' })
  async onYearLoaded(@Payload() event: Envelope<CalendarYearLoadedData>, @Ctx() ctx: EventContext): Promise<void> {
    if (await this.calendar.replaceYear(ctx.tx, event.data))
      this.transactions.afterCommit(ctx.tx, () => this.workingDays.reload());
  }
}
