import { Module } from '@nestjs/common';
import { MilestonesModule } from '../milestones/milestones.module';
import { OfficersModule } from '../officers/officers.module';
import { ProjectAccessModule } from '../projects/project-access.module';
import { ReportsModule } from '../reports/reports.module';
import { ProgrammeInstantiationService } from './programme-instantiation.service';
import { ProgrammeTemplatesHandler } from './programme-templates.handler';
import { ProgrammeTemplatesRepository } from './programme-templates.repository';
import { ProgrammeTemplatesService } from './programme-templates.service';
import { ProgrammesHandler } from './programmes.handler';
import { ProgrammesService } from './programmes.service';
import { TemplateFollowingService } from './template-following.service';

/**
 * Programmes over RPC; a programme year from a template or from last year in one call; closing and
 * archiving; versioned templates that running programmes follow; instantiating a programme for its counties.
 * The programmes' data (ProgrammesRepository) comes with the projects' (ProjectAccessModule).
 */
@Module({
  imports: [ProjectAccessModule, OfficersModule, MilestonesModule, ReportsModule],
  providers: [
    ProgrammeInstantiationService,
    ProgrammesService,
    ProgrammeTemplatesRepository,
    ProgrammeTemplatesService,
    TemplateFollowingService,
  ],
  controllers: [ProgrammesHandler, ProgrammeTemplatesHandler],
  exports: [ProgrammeInstantiationService, ProgrammeTemplatesRepository, ProgrammesService],
})
export class ProgrammesModule {}
