import { Module } from '@nestjs/common';
import { ProgrammesModule } from '../programmes/programmes.module';
import { ProjectAccessModule } from '../projects/project-access.module';
import { DemoDataRepository } from './demo-data.repository';
import { DemoDataService } from './demo-data.service';

/** The demo data, loaded at start when `DUBAN_DEMO=true` (`npm start` sets it). */
@Module({
  imports: [ProgrammesModule, ProjectAccessModule],
  providers: [DemoDataRepository, DemoDataService],
})
export class DemoDataModule {}
