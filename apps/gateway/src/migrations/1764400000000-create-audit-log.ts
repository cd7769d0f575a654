import { createAuditTable, dropAuditTable } from '@duban/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The gateway's append-only audit trail (DESIGN rule 9): logins, lockouts, refused tokens and roles. */
export class CreateAuditLog1764400000000 implements MigrationInterface {
  name = 'CreateAuditLog1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createAuditTable(queryRunner, 'gateway');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropAuditTable(queryRunner, 'gateway');
  }
}
