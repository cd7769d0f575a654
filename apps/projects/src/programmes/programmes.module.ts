import { Module } from '@nestjs/common';
import { ProgrammesRepository } from './programmes.repository';

@Module({
  providers: [ProgrammesRepository],
  exports: [ProgrammesRepository],
})
export class ProgrammesModule {}
