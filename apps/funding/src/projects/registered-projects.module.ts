import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { DemoDataModule } from '../demo/demo-data.module';
import { ProjectRegisteredSubscriber } from './project-registered.subscriber';

/** Keeps funding's copy of the county projects from the projects service's events. */
@Module({
  imports: [AccessModule, DemoDataModule],
  providers: [ProjectRegisteredSubscriber],
})
export class RegisteredProjectsModule {}
