import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { DataRepairsRepository } from '../data-repairs/data-repairs.repository';
import { OfficersModule } from '../officers/officers.module';
import { ProjectAccessModule } from '../projects/project-access.module';
import { ReportDeadlines } from './report-deadlines.service';
import { UnowedReportMonthsRepair } from './unowed-report-months-repair.service';
import { ReportSettingsHandler } from './report-settings.handler';
import { ReportSettingsService } from './report-settings.service';
import { ReportAccessService } from './report-access.service';
import { ReportsHandler } from './reports.handler';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/**
 * Monthly reports (月报): the county's submission and the city's review, each month's report chased as a
 * deadline (announced for the notifications service), and the programme's report settings.
 */
@Module({
  imports: [ProjectAccessModule, CalendarModule, OfficersModule],
  providers: [
    ReportsRepository,
    ReportAccessService,
    ReportsService,
    ReportDeadlines,
    ReportSettingsService,
    UnowedReportMonthsRepair,
    DataRepairsRepository,
  ],
  controllers: [ReportsHandler, ReportSettingsHandler],
  exports: [ReportsRepository, ReportsService, ReportDeadlines],
})
export class ReportsModule {}
