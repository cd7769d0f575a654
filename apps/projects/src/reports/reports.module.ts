import { Module } from '@nestjs/common';
import { ProjectAccessModule } from '../projects/project-access.module';
import { ReportAccessService } from './report-access.service';
import { ReportsHandler } from './reports.handler';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Monthly reports (月报): the county's submission and the city's review. */
@Module({
  imports: [ProjectAccessModule],
  providers: [ReportsRepository, ReportAccessService, ReportsService],
  controllers: [ReportsHandler],
  exports: [ReportsRepository, ReportsService],
})
export class ReportsModule {}
