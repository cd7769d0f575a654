import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { MilestonesModule } from '../milestones/milestones.module';
import { OversightModule } from '../oversight/oversight.module';
import { ProjectAccessModule } from '../projects/project-access.module';
import { ReportsModule } from '../reports/reports.module';
import { AgendaHandler } from './agenda.handler';
import { AgendaService } from './agenda.service';

/** A county's agenda: what is due next, what is late, what was returned, what the city asked for. */
@Module({
  imports: [ProjectAccessModule, MilestonesModule, ReportsModule, CalendarModule, OversightModule],
  providers: [AgendaService],
  controllers: [AgendaHandler],
})
export class AgendaModule {}
