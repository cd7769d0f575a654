import { Module } from '@nestjs/common';
import { CalendarYearLoadedSubscriber } from './calendar-year-loaded.subscriber';
import { CalendarRepository } from './calendar.repository';
import { WorkingDays } from './working-days.service';

/** The working-day calendar the lights count on: a copy of the notifications service's holiday tables. */
@Module({
  controllers: [CalendarYearLoadedSubscriber],
  providers: [CalendarRepository, WorkingDays],
  exports: [WorkingDays],
})
export class CalendarModule {}
