import { createMessagingTables, dropMessagingTables } from '@duban/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMessagingTables1764400000000 implements MigrationInterface {
  name = 'CreateMessagingTables1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner, 'projects');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropMessagingTables(queryRunner, 'projects');
  }
}
