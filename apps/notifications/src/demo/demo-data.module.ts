import { Module } from '@nestjs/common';
import { CalendarsModule } from '../calendars/calendars.module';
import { DemoCalendarYears } from './demo-calendar-years.service';

/** The live demo's part here (`DUBAN_DEMO_LIVE`): the holiday tables of the years it runs in. */
@Module({ imports: [CalendarsModule], providers: [DemoCalendarYears] })
export class DemoDataModule {}
