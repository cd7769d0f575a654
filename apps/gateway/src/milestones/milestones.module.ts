import { Module } from '@nestjs/common';
import { MilestoneFiles } from './milestone-files';
import { MilestonesController } from './milestones.controller';

@Module({ controllers: [MilestonesController], providers: [MilestoneFiles] })
export class MilestonesModule {}
