import { Module } from '@nestjs/common';
import { ClosedProgrammesRepository } from './closed-programmes.repository';
import { ProgrammeWrites } from './programme-writes.service';

/** Which programmes are closed (the projects service's ProgrammeClosed): every write checks it. */
@Module({
  providers: [ClosedProgrammesRepository, ProgrammeWrites],
  exports: [ClosedProgrammesRepository, ProgrammeWrites],
})
export class ProgrammeStateModule {}
