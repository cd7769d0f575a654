import { Module } from '@nestjs/common';
import { ProjectAccessModule } from '../projects/project-access.module';
import { OfficersHandler } from './officers.handler';
import { OfficersRepository } from './officers.repository';
import { OfficersService } from './officers.service';

/** Each county's leading group (领导小组). */
@Module({
  imports: [ProjectAccessModule],
  providers: [OfficersRepository, OfficersService],
  controllers: [OfficersHandler],
  exports: [OfficersRepository],
})
export class OfficersModule {}
