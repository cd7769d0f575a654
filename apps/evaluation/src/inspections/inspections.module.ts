import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ProjectRefsModule } from '../project-refs/project-refs.module';
import { RubricsModule } from '../rubrics/rubrics.module';
import { EvaluationAccess } from '../scope/evaluation-access';
import { InspectionsHandler } from './inspections.handler';
import { InspectionsRepository } from './inspections.repository';
import { InspectionsService } from './inspections.service';

/** Inspections and self-assessments: opening, scoring, signing; the access rules every feature shares. */
@Module({
  imports: [ProjectRefsModule, RubricsModule],
  providers: [Clock, InspectionsRepository, EvaluationAccess, InspectionsService, InspectionsHandler],
  exports: [Clock, InspectionsRepository, EvaluationAccess, InspectionsService],
})
export class InspectionsModule {}
