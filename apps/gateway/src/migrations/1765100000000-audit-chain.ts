import { chainAuditTable, unchainAuditTable } from '@duban/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 12: the gateway's audit trail becomes a hash chain (rows already there are chained in id order). */
export class AuditChain1765100000000 implements MigrationInterface {
  name = 'AuditChain1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await chainAuditTable(queryRunner, 'gateway');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await unchainAuditTable(queryRunner, 'gateway');
  }
}
