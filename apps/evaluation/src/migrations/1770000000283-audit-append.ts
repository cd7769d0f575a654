import { createAuditAppend, dropAuditAppend } from '@duban/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 17 (G4): the audit chain's append in one call under its lock (see createAuditAppend). */
export class AuditAppend1770000000283 implements MigrationInterface {
  name = 'AuditAppend1770000000283';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createAuditAppend(queryRunner, 'evaluation');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropAuditAppend(queryRunner, 'evaluation');
  }
}
