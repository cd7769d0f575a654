import { Module } from '@nestjs/common';
import { ProgrammeBudgetsModule } from '../programme-budgets/programme-budgets.module';
import { DemoDataLoader } from './demo-data.loader';

/** The demo data of the foundation stage, loaded at start when `DUBAN_DEMO=true` (`npm start` sets it). */
@Module({
  imports: [ProgrammeBudgetsModule],
  providers: [DemoDataLoader],
})
export class DemoDataModule {}
