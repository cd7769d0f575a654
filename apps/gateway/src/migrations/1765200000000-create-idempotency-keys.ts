import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotent writes (issue 12, finding 7): each `Idempotency-Key` a user sent with a POST, PUT or PATCH, the
 * fingerprint of that request (method, path, body) and, once known, the answer it got (status and body as
 * JSON text, kept as sent: `json`, not `jsonb`, so a replay is the same text). `running` while the write is
 * under way, with a lease after which a gateway that died with it no longer blocks its retry; kept until
 * `expires_at` (24 hours by default), then pruned.
 */
export class CreateIdempotencyKeys1765200000000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE gateway.idempotency_key (
        user_id uuid NOT NULL,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
        fingerprint text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        state text NOT NULL CHECK (state IN ('running', 'done')),
        status integer CHECK (status BETWEEN 100 AND 599),
        body json,
        created_at timestamptz NOT NULL,
        lease_until timestamptz,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, key),
        CHECK ((state = 'running') = (status IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX idempotency_key_expires_idx ON gateway.idempotency_key (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE gateway.idempotency_key`);
  }
}
