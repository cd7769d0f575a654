import { Module } from '@nestjs/common';
import { MilestonesModule } from '../milestones/milestones.module';
import { DashboardHandler } from './dashboard.handler';
import { DashboardRepository } from './dashboard.repository';
import { DashboardService } from './dashboard.service';

/**
 * `projects.dashboard.get`: lights, progress and report statuses rolled up by region. Lights come from the
 * milestones' own computation (MilestoneLights), so the dashboard and the milestone pages always agree.
 */
@Module({
  imports: [MilestonesModule],
  providers: [DashboardRepository, DashboardService],
  controllers: [DashboardHandler],
})
export class DashboardModule {}
