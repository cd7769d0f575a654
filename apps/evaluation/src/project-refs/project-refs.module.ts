import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module';
import { ProgrammeStateModule } from '../programme-state/programme-state.module';
import { ProjectRefsRepository } from './project-refs.repository';
import { ProjectRegisteredSubscriber } from './project-refs.subscriber';

/**
 * The county projects evaluation may inspect, learnt from the projects service's events only. A new
 * programme gets its default settings here, hence the settings import; a closed programme is recorded here.
 */
@Module({
  imports: [SettingsModule, ProgrammeStateModule],
  providers: [ProjectRefsRepository],
  controllers: [ProjectRegisteredSubscriber],
  exports: [ProjectRefsRepository, ProgrammeStateModule],
})
export class ProjectRefsModule {}
