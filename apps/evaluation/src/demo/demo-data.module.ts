import { Module } from '@nestjs/common';
import { InspectionsModule } from '../inspections/inspections.module';
import { ProjectRefsModule } from '../project-refs/project-refs.module';
import { RubricsModule } from '../rubrics/rubrics.module';
import { SettingsModule } from '../settings/settings.module';
import { DemoInspection } from './demo-inspection.service';
import { DemoInspectionSubscriber } from './demo-inspection.subscriber';
import { DemoRubricService } from './demo-rubric.service';

/**
 * The demo data (`DUBAN_DEMO=true`; AppModule imports this module only then): the 2023 rubric at start, and
 * the live demo's inspection under way once the current-year programme's projects arrive.
 */
@Module({
  imports: [RubricsModule, InspectionsModule, ProjectRefsModule, SettingsModule],
  controllers: [DemoInspectionSubscriber],
  providers: [DemoRubricService, DemoInspection],
})
export class DemoDataModule {}
