import { Module } from '@nestjs/common';
import { RubricsModule } from '../rubrics/rubrics.module';
import { DemoRubricService } from './demo-rubric.service';

@Module({ imports: [RubricsModule], providers: [DemoRubricService] })
export class DemoDataModule {}
