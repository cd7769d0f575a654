import { Module } from '@nestjs/common';
import { ScopeModule } from '../scope/scope.module';
import { RegionsHandler } from './regions.handler';
import { RegionsService } from './regions.service';

/** The region tree over RPC, as far as the caller may walk it (the tree's data lives in ScopeModule). */
@Module({
  imports: [ScopeModule],
  providers: [RegionsService],
  controllers: [RegionsHandler],
})
export class RegionsModule {}
