import { Module } from '@nestjs/common';
import { ProjectRefsModule } from '../project-refs/project-refs.module';
import { RubricsModule } from '../rubrics/rubrics.module';
import { SettingsModule } from '../settings/settings.module';
import { InspectionAccess } from './inspection-access.service';
import { InspectionsHandler } from './inspections.handler';
import { InspectionsRepository } from './inspections.repository';
import { InspectionsService } from './inspections.service';

/**
 * Inspections and self-assessments: opening, scoring, signing; the inspection's tables and the loader that
 * rectifications and evidence check access through.
 */
@Module({
  imports: [ProjectRefsModule, RubricsModule, SettingsModule],
  providers: [InspectionsRepository, InspectionAccess, InspectionsService],
  controllers: [InspectionsHandler],
  exports: [InspectionsRepository, InspectionAccess, InspectionsService],
})
export class InspectionsModule {}
