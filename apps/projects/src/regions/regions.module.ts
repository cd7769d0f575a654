import { Module } from '@nestjs/common';
import { RegionsRepository } from './regions.repository';

@Module({
  providers: [RegionsRepository],
  exports: [RegionsRepository],
})
export class RegionsModule {}
