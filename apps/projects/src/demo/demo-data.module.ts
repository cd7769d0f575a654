import { Module } from '@nestjs/common';
import { ProgrammesModule } from '../programmes/programmes.module';
import { ProjectAccessModule } from '../projects/project-access.module';
import { RegionsModule } from '../regions/regions.module';
import { DemoDataLoader } from './demo-data.loader';
import { DemoDataRepository } from './demo-data.repository';

/** The demo data, loaded at start when `DUBAN_DEMO=true` (`npm start` sets it). */
@Module({
  imports: [RegionsModule, ProgrammesModule, ProjectAccessModule],
  providers: [DemoDataRepository, DemoDataLoader],
})
export class DemoDataModule {}
