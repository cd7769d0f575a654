import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** `/api/projects/:id/reports` and `/api/reports/:id…`: the monthly report cycle, answered by the projects service. */
@Module({ controllers: [ReportsController], providers: [ReportsService] })
export class ReportsModule {}
