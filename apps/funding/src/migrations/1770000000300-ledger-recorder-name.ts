import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who recorded a 拨付 or 支出 as people read it (the account's 姓名或单位 then), beside the username the ledger
 * keeps. Entries recorded before have none: the views show their username.
 */
export class LedgerRecorderName1770000000300 implements MigrationInterface {
  name = 'LedgerRecorderName1770000000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE funding.disbursement ADD COLUMN recorded_by_name text`);
    await queryRunner.query(`ALTER TABLE funding.expenditure ADD COLUMN recorded_by_name text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE funding.expenditure DROP COLUMN recorded_by_name`);
    await queryRunner.query(`ALTER TABLE funding.disbursement DROP COLUMN recorded_by_name`);
  }
}
