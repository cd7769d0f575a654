import { createRequestLog, dropRequestLog } from '@duban/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotent writes applied once per key at the service, even when their answer was lost (issue 12). */
export class CreateRequestLog1765300000000 implements MigrationInterface {
  name = 'CreateRequestLog1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createRequestLog(queryRunner, 'evaluation');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropRequestLog(queryRunner, 'evaluation');
  }
}
