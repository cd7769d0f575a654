import { Module } from '@nestjs/common';
import { ProjectAccessModule } from '../projects/project-access.module';
import { ReportAccess } from './report-access';
import { ReportsHandler } from './reports.handler';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Monthly reports (月报): the county's submission and the city's review. */
@Module({
  imports: [ProjectAccessModule],
  providers: [ReportsRepository, ReportAccess, ReportsService, ReportsHandler],
})
export class ReportsModule {}
