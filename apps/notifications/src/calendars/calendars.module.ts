import { Module } from '@nestjs/common';
import { CalendarStoreModule } from './calendar-store.module';
import { CalendarsHandler } from './calendars.handler';
import { CalendarsService } from './calendars.service';

/**
 * The working-day calendar as data: the routes that list, show and load a year's holiday table. A load
 * tells the calendar store, whose listeners (the planning feature) re-plan the deadlines the year touches.
 */
@Module({
  imports: [CalendarStoreModule],
  controllers: [CalendarsHandler],
  providers: [CalendarsService],
  exports: [CalendarsService],
})
export class CalendarsModule {}
