import { Module } from '@nestjs/common';
import { RubricsHandler } from './rubrics.handler';
import { RubricsRepository } from './rubrics.repository';
import { RubricsService } from './rubrics.service';

/** Versioned rubrics (附件2 as data), refused when their sums do not close. */
@Module({
  providers: [RubricsRepository, RubricsService],
  controllers: [RubricsHandler],
  exports: [RubricsRepository, RubricsService],
})
export class RubricsModule {}
