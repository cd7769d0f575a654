import { Module } from '@nestjs/common';
import { CalendarsRepository } from './calendars.repository';
import { HolidayCalendar } from './holiday-calendar.service';

/**
 * The holiday tables (the owner of `calendar_year` and `calendar_day`) and the working-day calendar built
 * from them. Depends on no other feature: planning, firing and health read the calendar, and the calendars
 * feature loads years into it.
 */
@Module({
  providers: [CalendarsRepository, HolidayCalendar],
  exports: [CalendarsRepository, HolidayCalendar],
})
export class CalendarStoreModule {}
