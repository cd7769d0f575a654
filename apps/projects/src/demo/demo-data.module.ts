import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { MilestonesModule } from '../milestones/milestones.module';
import { OfficersModule } from '../officers/officers.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { ProjectAccessModule } from '../projects/project-access.module';
import { ReportsModule } from '../reports/reports.module';
import { DemoDataRepository } from './demo-data.repository';
import { DemoDataService } from './demo-data.service';
import { LiveDemoService } from './live-demo.service';

/**
 * The demo data, loaded at start when `DUBAN_DEMO=true` (`npm start` sets it): the 2023 programme as
 * history, and with `DUBAN_DEMO_LIVE=true` (also set by `npm start`) the same programme this year, live.
 */
@Module({
  imports: [ProgrammesModule, ProjectAccessModule, MilestonesModule, OfficersModule, ReportsModule, CalendarModule],
  providers: [DemoDataRepository, DemoDataService, LiveDemoService],
})
export class DemoDataModule {}
