import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { MilestonesModule } from '../milestones/milestones.module';
import { ProjectAccessModule } from '../projects/project-access.module';
import { ReportsModule } from '../reports/reports.module';
import { AgendaHandler } from './agenda.handler';
import { AgendaRepository } from './agenda.repository';
import { AgendaService } from './agenda.service';

/** A county's agenda: what is due next, what is late, what was returned, what the city asked for. */
@Module({
  imports: [ProjectAccessModule, MilestonesModule, ReportsModule, CalendarModule],
  providers: [AgendaRepository, AgendaService],
  controllers: [AgendaHandler],
})
export class AgendaModule {}
