import { addAuditRegion, dropAuditRegion } from '@duban/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 16: the audit trail names the region each row is about, for the province's audit screen. */
export class AuditByRegion1770000000097 implements MigrationInterface {
  name = 'AuditByRegion1770000000097';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addAuditRegion(queryRunner, 'funding');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropAuditRegion(queryRunner, 'funding');
  }
}
