import { Module } from '@nestjs/common';
import { FundingController } from './funding.controller';

/**
 * `/api/projects/:id/funding|expenditures|disbursements|allocations`, `/api/expenditures|disbursements/:id/reverse`
 * and `/api/funding/…`: answered by the funding service.
 */
@Module({ controllers: [FundingController] })
export class FundingModule {}
