import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

/** `GET /api/dashboard?region=CODE`, answered by the projects service. */
@Module({ controllers: [DashboardController], providers: [DashboardService] })
export class DashboardModule {}
