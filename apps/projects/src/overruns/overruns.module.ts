import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { OfficersModule } from '../officers/officers.module';
import { ScopeModule } from '../scope/scope.module';
import { OverrunRecordModule } from './overrun-record.module';
import { OverrunReportService } from './overrun-report.service';
import { OverrunsHandler } from './overruns.handler';

/** 超时倒查: the report over the completions the milestones feature records. */
@Module({
  imports: [OverrunRecordModule, OfficersModule, ScopeModule, CalendarModule],
  providers: [OverrunReportService],
  controllers: [OverrunsHandler],
})
export class OverrunsModule {}
