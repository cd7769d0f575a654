import { Module } from '@nestjs/common';
import { ScopeModule } from '../scope/scope.module';
import { RegionsHandler } from './regions.handler';
import { RegionsRepository } from './regions.repository';
import { RegionsService } from './regions.service';

@Module({
  imports: [ScopeModule],
  providers: [RegionsRepository, RegionsService, RegionsHandler],
  exports: [RegionsRepository],
})
export class RegionsModule {}
