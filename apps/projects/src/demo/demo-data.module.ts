import { Module } from '@nestjs/common';
import { ProgrammesModule } from '../programmes/programmes.module';
import { RegionsModule } from '../regions/regions.module';
import { DemoDataLoader } from './demo-data.loader';
import { DemoDataRepository } from './demo-data.repository';

/** The demo data of the foundation stage, loaded at start when `DUBAN_DEMO=true` (`npm start` sets it). */
@Module({
  imports: [RegionsModule, ProgrammesModule],
  providers: [DemoDataRepository, DemoDataLoader],
})
export class DemoDataModule {}
