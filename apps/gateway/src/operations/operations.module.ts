import { Module } from '@nestjs/common';
import { OperationsController } from './operations.controller';

/** Dead letters and audit-chain checks across the services, for the province administrator. */
@Module({ controllers: [OperationsController] })
export class OperationsModule {}
