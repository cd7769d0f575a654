import {
  chainAuditTable,
  extendMessagingTables,
  revertMessagingTablesExtension,
  unchainAuditTable,
} from '@duban/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12: the audit trail becomes a hash chain (rows already there are chained in id order), the
 * pruner gets its indexes on the outbox and inbox, and a dead letter records its one replay.
 */
export class AuditChainAndRetention1765100000000 implements MigrationInterface {
  name = 'AuditChainAndRetention1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await chainAuditTable(queryRunner, 'funding');
    await extendMessagingTables(queryRunner, 'funding');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await revertMessagingTablesExtension(queryRunner, 'funding');
    await unchainAuditTable(queryRunner, 'funding');
  }
}
