import { Module } from '@nestjs/common';
import { ProjectRefsRepository } from './project-refs.repository';
import { ProjectRegisteredSubscriber } from './project-registered.subscriber';

/** The county projects evaluation may inspect, learnt from the projects service's events only. */
@Module({ providers: [ProjectRefsRepository, ProjectRegisteredSubscriber], exports: [ProjectRefsRepository] })
export class ProjectRefsModule {}
