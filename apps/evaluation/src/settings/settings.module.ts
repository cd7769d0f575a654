import { Module } from '@nestjs/common';
import { InspectionsModule } from '../inspections/inspections.module';
import { RubricsModule } from '../rubrics/rubrics.module';
import { SettingsHandler } from './settings.handler';
import { SettingsService } from './settings.service';

/** Per-programme acceptance settings: passing threshold, pinned rubric. */
@Module({ imports: [InspectionsModule, RubricsModule], providers: [SettingsService, SettingsHandler] })
export class SettingsModule {}
