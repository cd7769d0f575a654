import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { EligibleInspectors } from './eligible-inspectors';
import { EvaluationController } from './evaluation.controller';
import { EvidenceDownloads } from './evidence-downloads';
import { EvidenceUploads } from './evidence-uploads';

/** `/api/rubrics/:id`, `/api/projects/:id/inspections`, `/api/inspections/:id…`, `/api/rectifications/:id…`,
 * `/api/evidence/:id`, `/api/programmes/:id/evaluation-settings`. */
@Module({
  imports: [AccountsModule],
  controllers: [EvaluationController],
  providers: [EvidenceUploads, EvidenceDownloads, EligibleInspectors],
  exports: [EvidenceDownloads],
})
export class EvaluationModule {}
