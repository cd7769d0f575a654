import { Module } from '@nestjs/common';
import { EvaluationController } from './evaluation.controller';
import { EvidenceUploads } from './evidence-uploads';

/** `/api/rubrics/:id`, `/api/projects/:id/inspections`, `/api/inspections/:id…`, `/api/rectifications/:id…`. */
@Module({ controllers: [EvaluationController], providers: [EvidenceUploads] })
export class EvaluationModule {}
