import type { QueryRunner } from 'typeorm';

/**
 * The outbox, inbox and dead-letter tables every service keeps in its own schema.
 * Each service's first migration calls this, so the tables are versioned with the service's schema.
 */
export async function createMessagingTables(queryRunner: QueryRunner, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await queryRunner.query(`
    CREATE TABLE ${s}.outbox (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL UNIQUE,
      aggregate_type text NOT NULL,
      aggregate_id text NOT NULL,
      subject text NOT NULL,
      envelope jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz,
      publish_attempts integer NOT NULL DEFAULT 0,
      last_error text
    )`);
  // The relay only ever looks at unpublished rows: keep those indexes small.
  await queryRunner.query(`CREATE INDEX outbox_unpublished_idx ON ${s}.outbox (seq) WHERE published_at IS NULL`);
  await queryRunner.query(
    `CREATE INDEX outbox_unpublished_aggregate_idx ON ${s}.outbox (aggregate_type, aggregate_id, seq) WHERE published_at IS NULL`,
  );
  // A wake-up for the relay; it polls anyway, so a lost notification only delays an event.
  await queryRunner.query(`
    CREATE FUNCTION ${s}.outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify(${quoteLiteral(outboxChannel(schema))}, '');
      RETURN NULL;
    END $$`);
  await queryRunner.query(
    `CREATE TRIGGER outbox_notify AFTER INSERT ON ${s}.outbox FOR EACH STATEMENT EXECUTE FUNCTION ${s}.outbox_notify()`,
  );
  await queryRunner.query(`
    CREATE TABLE ${s}.inbox (
      consumer text NOT NULL,
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      handled_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`);
  await queryRunner.query(`
    CREATE TABLE ${s}.dead_letter (
      id bigserial PRIMARY KEY,
      consumer text NOT NULL,
      event_id text,
      event_type text,
      subject text NOT NULL,
      stream_sequence bigint NOT NULL,
      deliveries integer NOT NULL,
      reason text NOT NULL,
      payload text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (consumer, stream_sequence)
    )`);
}

export async function dropMessagingTables(queryRunner: QueryRunner, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await queryRunner.query(`DROP TABLE ${s}.dead_letter`);
  await queryRunner.query(`DROP TABLE ${s}.inbox`);
  await queryRunner.query(`DROP TRIGGER outbox_notify ON ${s}.outbox`);
  await queryRunner.query(`DROP FUNCTION ${s}.outbox_notify()`);
  await queryRunner.query(`DROP TABLE ${s}.outbox`);
}

/**
 * What pruning and dead-letter replay need of the messaging tables (a later migration of each service):
 * indexes that let the pruner find old rows without a full scan, and a dead letter's replay, recorded once.
 */
export async function extendMessagingTables(queryRunner: QueryRunner, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await queryRunner.query(
    `CREATE INDEX outbox_published_at_idx ON ${s}.outbox (published_at) WHERE published_at IS NOT NULL`,
  );
  await queryRunner.query(`CREATE INDEX inbox_handled_at_idx ON ${s}.inbox (handled_at)`);
  await queryRunner.query(`
    ALTER TABLE ${s}.dead_letter
      ADD COLUMN replayed_at timestamptz,
      ADD COLUMN replayed_by text`);
}

export async function revertMessagingTablesExtension(queryRunner: QueryRunner, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await queryRunner.query(`ALTER TABLE ${s}.dead_letter DROP COLUMN replayed_at, DROP COLUMN replayed_by`);
  await queryRunner.query(`DROP INDEX ${s}.inbox_handled_at_idx`);
  await queryRunner.query(`DROP INDEX ${s}.outbox_published_at_idx`);
}

/**
 * Who replayed a dead letter as people read them (the account's 姓名或单位 then), beside the username (a later
 * migration of each service). Replays from before have none: their views show the username.
 */
export async function addDeadLetterReplayerName(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`ALTER TABLE ${quoteIdent(schema)}.dead_letter ADD COLUMN replayed_by_name text`);
}

export async function dropDeadLetterReplayerName(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`ALTER TABLE ${quoteIdent(schema)}.dead_letter DROP COLUMN replayed_by_name`);
}

/** The LISTEN/NOTIFY channel on which a schema's outbox announces new rows. */
export function outboxChannel(schema: string): string {
  return `${schema}_outbox`;
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The request log (a later migration of each service): the key of each idempotent write the service
 * committed, recorded in the write's transaction, with the answer it sent (see RequestKeyContext).
 * Pruned with the inbox.
 */
export async function createRequestLog(queryRunner: QueryRunner, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await queryRunner.query(`
    CREATE TABLE ${s}.request_log (
      key text PRIMARY KEY,
      subject text NOT NULL,
      applied_at timestamptz NOT NULL,
      answered_at timestamptz,
      reply jsonb
    )`);
  await queryRunner.query(`CREATE INDEX request_log_applied_at_idx ON ${s}.request_log (applied_at)`);
}

export async function dropRequestLog(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`DROP TABLE ${quoteIdent(schema)}.request_log`);
}
