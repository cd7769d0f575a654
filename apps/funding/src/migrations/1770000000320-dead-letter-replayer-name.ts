import { addDeadLetterReplayerName, dropDeadLetterReplayerName } from '@duban/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Who replayed a dead letter, by 姓名或单位 beside the username (see `addDeadLetterReplayerName`). */
export class DeadLetterReplayerName1770000000320 implements MigrationInterface {
  name = 'DeadLetterReplayerName1770000000320';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addDeadLetterReplayerName(queryRunner, 'funding');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropDeadLetterReplayerName(queryRunner, 'funding');
  }
}
