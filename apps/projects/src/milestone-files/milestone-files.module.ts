import { EvidenceStorage, LocalDiskEvidenceStorage } from '@duban/platform';
import { Module, type DynamicModule } from '@nestjs/common';
import { MilestoneFilesConfig } from '../config';
import { MilestonesModule } from '../milestones/milestones.module';
import { MilestoneFileUploadsRepository } from './milestone-file-uploads.repository';
import { MilestoneFilesHandler } from './milestone-files.handler';
import { MilestoneFilesRepository } from './milestone-files.repository';
import { MilestoneFilesService } from './milestone-files.service';

/** Files attached to milestones; the storage is local disk unless another EvidenceStorage is provided. */
@Module({})
export class MilestoneFilesModule {
  static forRoot(config: MilestoneFilesConfig): DynamicModule {
    return {
      module: MilestoneFilesModule,
      imports: [MilestonesModule],
      providers: [
        { provide: MilestoneFilesConfig, useValue: config },
        { provide: EvidenceStorage, useValue: new LocalDiskEvidenceStorage(config.dir) },
        MilestoneFilesRepository,
        MilestoneFileUploadsRepository,
        MilestoneFilesService,
      ],
      controllers: [MilestoneFilesHandler],
    };
  }
}
