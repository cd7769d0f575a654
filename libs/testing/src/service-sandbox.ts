import { randomUUID } from 'node:crypto';
import type { Envelope, EventDefinition } from '@duban/contracts';
import { connect, headers as natsHeaders, type NatsConnection } from 'nats';
import { Pool } from 'pg';
import { privateDatabase } from './private-database';
import { testEnvironment, uniqueNamespace, type Environment } from './test-environment';

/** A running service as the sandbox sees it: something to close. */
export interface Closable {
  close(): Promise<void>;
}

export interface ServiceSandboxOptions<App extends Closable> {
  /** The service's name: its schema. */
  readonly service: string;
  /** Names this test file's private database and namespace (short, lowercase). */
  readonly label: string;
  /** Loads the service's demo data at start. */
  readonly demo?: boolean;
  readonly env?: Environment;
  /** Starts the service under test in the sandbox's environment (its own startService). */
  start(env: Environment): Promise<App>;
}

export interface AuditRow {
  actor_username: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  outcome: string;
  detail: string | null;
  before: unknown;
  after: unknown;
}

/** Plain SQL on the sandbox's database: rows back, as the tests' "nothing written" counts want them. */
export interface SandboxDatabase {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * One service for one test file, in a database and a NATS namespace of its own (so it may count every row
 * it writes). The other services are played by the test: `publish` puts an event on its owner's stream
 * exactly as that service's outbox relay would.
 */
export interface ServiceSandbox<App extends Closable> {
  readonly app: App;
  readonly env: Environment;
  readonly namespace: string;
  readonly db: SandboxDatabase;
  readonly nats: NatsConnection;
  publish<T>(
    event: EventDefinition<T>,
    data: T,
    options?: { id?: string; correlationId?: string },
  ): Promise<Envelope<T>>;
  /** The events the service has written to its outbox under one subject, in order. */
  outboxEnvelopes<T = Record<string, unknown>>(subject: string): Promise<Envelope<T>[]>;
  auditRows(filter?: { action?: string; outcome?: string; targetId?: string }): Promise<AuditRow[]>;
  close(): Promise<void>;
}

export async function startServiceSandbox<App extends Closable>(
  options: ServiceSandboxOptions<App>,
): Promise<ServiceSandbox<App>> {
  const namespace = uniqueNamespace(options.label);
  const env = testEnvironment({
    DUBAN_DATABASE_URL: await privateDatabase(`${options.service}_${options.label}`.slice(0, 20)),
    DUBAN_DEMO: String(options.demo ?? false),
    DUBAN_NAMESPACE: namespace,
    ...options.env,
  });
  const app = await options.start(env);
  const pool = new Pool({ connectionString: env.DUBAN_DATABASE_URL, max: 4 });
  const nats = await connect({ servers: env.DUBAN_NATS_URL, name: `test-${options.label}` });
  const db: SandboxDatabase = {
    query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[],
  };
  const schema = options.service;

  return {
    app,
    env,
    namespace,
    db,
    nats,
    async publish(event, data, publishOptions = {}) {
      const envelope = {
        id: publishOptions.id ?? randomUUID(),
        type: event.type,
        version: event.version,
        occurredAt: new Date().toISOString(),
        correlationId: publishOptions.correlationId ?? `test-${options.label}`,
        causationId: null,
        data,
      };
      const headers = natsHeaders();
      headers.set('Nats-Msg-Id', envelope.id);
      await nats.jetstream().publish(`${namespace}.${event.type}`, JSON.stringify(envelope), { headers });
      return envelope;
    },
    async outboxEnvelopes<T>(subject: string) {
      const rows = await db.query<{ envelope: Envelope<T> }>(
        `SELECT envelope FROM "${schema}".outbox WHERE subject = $1 ORDER BY seq`,
        [subject],
      );
      return rows.map((row) => row.envelope);
    },
    auditRows({ action, outcome, targetId } = {}) {
      return db.query<AuditRow>(
        `SELECT actor_username, action, target_type, target_id, outcome, detail, before, after FROM "${schema}".audit_log
          WHERE ($1::text IS NULL OR action = $1) AND ($2::text IS NULL OR outcome = $2) AND ($3::text IS NULL OR target_id = $3)
          ORDER BY id`,
        [action ?? null, outcome ?? null, targetId ?? null],
      );
    },
    async close() {
      await app.close();
      await nats.close();
      await pool.end();
    },
  };
}
