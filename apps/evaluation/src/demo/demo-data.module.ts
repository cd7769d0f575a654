import { Module } from '@nestjs/common';
import { RubricsModule } from '../rubrics/rubrics.module';
import { DemoRubricLoader } from './demo-rubric.loader';

@Module({ imports: [RubricsModule], providers: [DemoRubricLoader] })
export class DemoDataModule {}
