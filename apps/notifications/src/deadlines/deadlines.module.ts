import { Module } from '@nestjs/common';
import { ClosedProgrammesRepository } from './closed-programmes.repository';
import { DeadlinesRepository } from './deadlines.repository';
import { CalendarStoreModule } from '../calendars/calendar-store.module';
import { RemindersHandler } from './reminders.handler';
import { RemindersService } from './reminders.service';

/**
 * Deadlines and their reminder rows: the owner of both tables (whoever plans, fires or lists them goes
 * through `DeadlinesRepository`) and the route that shows a milestone's plan; it passes on the working-day
 * calendar they are planned on (the calendar store).
 */
@Module({
  imports: [CalendarStoreModule],
  controllers: [RemindersHandler],
  providers: [DeadlinesRepository, ClosedProgrammesRepository, RemindersService],
  exports: [DeadlinesRepository, ClosedProgrammesRepository, CalendarStoreModule],
})
export class DeadlinesModule {}
