import { Module } from '@nestjs/common';
import { EvaluationController } from './evaluation.controller';
import { EvidenceDownloads } from './evidence-downloads';
import { EvidenceUploads } from './evidence-uploads';

/** `/api/rubrics/:id`, `/api/projects/:id/inspections`, `/api/inspections/:id…`, `/api/rectifications/:id…`,
 * `/api/evidence/:id`, `/api/programmes/:id/evaluation-settings`. */
@Module({
  controllers: [EvaluationController],
  providers: [EvidenceUploads, EvidenceDownloads],
  exports: [EvidenceDownloads],
})
export class EvaluationModule {}
