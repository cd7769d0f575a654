import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';

/** `GET /api/dashboard?region=CODE`, answered by the projects service. */
@Module({ controllers: [DashboardController] })
export class DashboardModule {}
