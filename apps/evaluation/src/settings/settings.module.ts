import { ProgrammeStateModule } from '../programme-state/programme-state.module';
import { Module } from '@nestjs/common';
import { RubricsModule } from '../rubrics/rubrics.module';
import { SettingsHandler } from './settings.handler';
import { SettingsRepository } from './settings.repository';
import { SettingsService } from './settings.service';

/** Per-programme acceptance settings: passing threshold, pinned rubric. */
@Module({
  imports: [RubricsModule, ProgrammeStateModule],
  providers: [SettingsRepository, SettingsService],
  controllers: [SettingsHandler],
  exports: [SettingsRepository],
})
export class SettingsModule {}
