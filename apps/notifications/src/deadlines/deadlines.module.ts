import { Module } from '@nestjs/common';
import { DeadlinesRepository } from './deadlines.repository';
import { HolidayCalendar } from './holiday-calendar.service';
import { RemindersHandler } from './reminders.handler';
import { RemindersService } from './reminders.service';

/**
 * Deadlines and their reminder rows: the owner of both tables (whoever plans, fires or lists them goes
 * through `DeadlinesRepository`), the working-day calendar they are planned on, and the route that shows a
 * milestone's plan. Depends on no other feature (the holiday table it starts with comes from `AppModule`).
 */
@Module({
  controllers: [RemindersHandler],
  providers: [DeadlinesRepository, RemindersService, HolidayCalendar],
  exports: [DeadlinesRepository, HolidayCalendar],
})
export class DeadlinesModule {}
