import { createAuditAppend, dropAuditAppend } from '@duban/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 17 (G4): the audit chain's append in one call under its lock (see createAuditAppend). */
export class AuditAppend1770000000284 implements MigrationInterface {
  name = 'AuditAppend1770000000284';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createAuditAppend(queryRunner, 'notifications');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropAuditAppend(queryRunner, 'notifications');
  }
}
