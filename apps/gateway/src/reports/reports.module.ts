import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';

/** `/api/projects/:id/reports` and `/api/reports/:id…`: the monthly report cycle, answered by the projects service. */
@Module({ controllers: [ReportsController] })
export class ReportsModule {}
