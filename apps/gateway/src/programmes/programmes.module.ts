import { Module } from '@nestjs/common';
import { ProgrammeTemplatesController } from './programme-templates.controller';
import { ProgrammesController } from './programmes.controller';

@Module({ controllers: [ProgrammesController, ProgrammeTemplatesController] })
export class ProgrammesModule {}
