import { addAuditRegion, dropAuditRegion } from '@duban/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 16: the audit trail names the region each row is about, for the province's audit screen. */
export class AuditByRegion1770000000099 implements MigrationInterface {
  name = 'AuditByRegion1770000000099';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addAuditRegion(queryRunner, 'gateway');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropAuditRegion(queryRunner, 'gateway');
  }
}
