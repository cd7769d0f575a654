import { Module } from '@nestjs/common';
import { EvaluationConfig } from '../config';
import { InspectionsModule } from '../inspections/inspections.module';
import { EvidenceHandler } from './evidence.handler';
import { EvidenceStorage, LocalDiskEvidenceStorage } from '@duban/platform';
import { EvidenceUploadsRepository } from './evidence-uploads.repository';
import { EvidenceService } from './evidence.service';

/** Evidence files per item; the storage is local disk unless another EvidenceStorage is provided. */
@Module({
  imports: [InspectionsModule],
  providers: [
    {
      provide: EvidenceStorage,
      inject: [EvaluationConfig],
      useFactory: (config: EvaluationConfig) => new LocalDiskEvidenceStorage(config.evidence.dir),
    },
    EvidenceUploadsRepository,
    EvidenceService,
  ],
  controllers: [EvidenceHandler],
})
export class EvidenceModule {}
