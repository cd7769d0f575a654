import { Module } from '@nestjs/common';
import { MilestonesModule } from '../milestones/milestones.module';
import { OfficersModule } from '../officers/officers.module';
import { ProjectAccessModule } from '../projects/project-access.module';
import { ReportsModule } from '../reports/reports.module';
import { ProgrammeInstantiationService } from './programme-instantiation.service';
import { ProgrammesHandler } from './programmes.handler';
import { ProgrammesService } from './programmes.service';

/**
 * Programmes over RPC; a programme's next year in one call; instantiating a programme for its counties.
 * The programmes' data (ProgrammesRepository) comes with the projects' (ProjectAccessModule).
 */
@Module({
  imports: [ProjectAccessModule, OfficersModule, MilestonesModule, ReportsModule],
  providers: [ProgrammeInstantiationService, ProgrammesService],
  controllers: [ProgrammesHandler],
  exports: [ProgrammeInstantiationService],
})
export class ProgrammesModule {}
