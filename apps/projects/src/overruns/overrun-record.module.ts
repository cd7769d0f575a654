import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { OverrunRecorder } from './overrun-recorder.service';
import { OverrunsRepository } from './overruns.repository';

/** The record of each completion's lateness, written by the milestones feature and read by the report. */
@Module({
  imports: [CalendarModule],
  providers: [OverrunsRepository, OverrunRecorder],
  exports: [OverrunsRepository, OverrunRecorder],
})
export class OverrunRecordModule {}
