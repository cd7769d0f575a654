import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { OfficersController } from './officers.controller';
import { ProjectDetails } from './project-details';
import { ProjectDetailsSubscriber } from './project-details.subscriber';
import { ProjectsController } from './projects.controller';
import { WriteFenceMiddleware } from './write-fence.middleware';

@Module({
  controllers: [ProjectsController, OfficersController, ProjectDetailsSubscriber],
  providers: [ProjectDetails],
})
export class ProjectsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WriteFenceMiddleware).forRoutes('{*path}');
  }
}
