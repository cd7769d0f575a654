import { Module } from '@nestjs/common';
import { MilestonesModule } from '../milestones/milestones.module';
import { OfficersModule } from '../officers/officers.module';
import { ProjectAccessModule } from '../projects/project-access.module';
import { RegionsModule } from '../regions/regions.module';
import { ProgrammeInstantiation } from './programme-instantiation';
import { ProgrammesHandler } from './programmes.handler';
import { ProgrammesRepository } from './programmes.repository';
import { ProgrammesService } from './programmes.service';

/** Programmes as data; a programme's next year in one call; instantiating a programme for its counties. */
@Module({
  imports: [ProjectAccessModule, OfficersModule, MilestonesModule, RegionsModule],
  providers: [ProgrammesRepository, ProgrammeInstantiation, ProgrammesService, ProgrammesHandler],
  exports: [ProgrammesRepository, ProgrammeInstantiation],
})
export class ProgrammesModule {}
