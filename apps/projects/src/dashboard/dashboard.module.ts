import { Module } from '@nestjs/common';
import { MilestonesModule } from '../milestones/milestones.module';
import { DashboardRollupRepository } from './dashboard-rollup.repository';
import { DashboardRollupSubscriber } from './dashboard-rollup.subscriber';
import { DashboardRollups } from './dashboard-rollups.service';
import { DashboardHandler } from './dashboard.handler';
import { DashboardRepository } from './dashboard.repository';
import { DashboardService } from './dashboard.service';

/**
 * `projects.dashboard.get`: lights, progress and report statuses rolled up by region, read from a read model
 * kept by the service's own events (DashboardRollups). Lights come from the milestones' own computation
 * (MilestoneLights), so the dashboard and the milestone pages always agree.
 */
@Module({
  imports: [MilestonesModule],
  providers: [DashboardRepository, DashboardRollupRepository, DashboardRollups, DashboardService],
  controllers: [DashboardHandler, DashboardRollupSubscriber],
  exports: [DashboardRollups],
})
export class DashboardModule {}
