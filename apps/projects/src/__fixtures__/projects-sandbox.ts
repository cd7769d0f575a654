import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Actor } from '@duban/contracts';
import { connectNats, Namespace, PlatformConfig, RpcClient } from '@duban/platform';
import { privateDatabase, testEnvironment, uniqueNamespace } from '@duban/testing';
import type { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { Clock } from '../clock/clock';

/**
 * The projects service with its demo data, in a database and a NATS namespace of the test file's own
 * (the projects schema has a fixed name, so files sharing the run's database would see each other's
 * programmes and events). Callers speak to it as the gateway does: RPC over NATS.
 */
export interface ProjectsSandbox {
  readonly app: INestApplicationContext;
  readonly rpc: RpcClient;
  readonly dataSource: DataSource;
  /** Fixes the service's clock (lights, completion times); `null` lets it run again. */
  setNow(now: Date | null): void;
  /** Outbox rows by subject, optionally for one aggregate. */
  outboxCount(subject: string, aggregateId?: string): Promise<number>;
  outboxEnvelopes(subject: string, aggregateId?: string): Promise<{ data: Record<string, unknown> }[]>;
  /** Audit rows for an action (and target), oldest first. */
  auditRows(filter: { action?: string; targetId?: string; outcome?: string }): Promise<AuditRow[]>;
  close(): Promise<void>;
}

export interface AuditRow {
  actor_username: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  outcome: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  detail: string | null;
}

export async function startProjectsSandbox(label: string, options: { demo?: boolean } = {}): Promise<ProjectsSandbox> {
  const databaseUrl = await privateDatabase(label);
  const config = PlatformConfig.fromEnv(
    'projects',
    testEnvironment({
      DUBAN_DEMO: String(options.demo ?? true),
      DUBAN_NAMESPACE: uniqueNamespace(label),
      DUBAN_DATABASE_URL: databaseUrl,
    }),
  );
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
  const nats: NatsConnection = await connectNats(config.nats.url, `test-${label}`);
  const rpc = new RpcClient(nats, new Namespace(config.namespace), 60_000);
  const dataSource = app.get(DataSource);
  const clock = app.get(Clock);
  const realNow = clock.now.bind(clock);

  return {
    app,
    rpc,
    dataSource,
    setNow(now) {
      clock.now = now ? () => new Date(now) : realNow;
    },
    async outboxCount(subject, aggregateId) {
      const [row] = await dataSource.query(
        `SELECT count(*)::int AS n FROM projects.outbox WHERE subject = $1 AND ($2::text IS NULL OR aggregate_id = $2)`,
        [subject, aggregateId ?? null],
      );
      return row.n;
    },
    async outboxEnvelopes(subject, aggregateId) {
      return dataSource.query(
        `SELECT envelope->'data' AS data FROM projects.outbox
          WHERE subject = $1 AND ($2::text IS NULL OR aggregate_id = $2) ORDER BY seq`,
        [subject, aggregateId ?? null],
      );
    },
    async auditRows({ action, targetId, outcome }) {
      return dataSource.query(
        `SELECT actor_username, action, target_type, target_id, outcome, before, after, detail FROM projects.audit_log
          WHERE ($1::text IS NULL OR action = $1) AND ($2::text IS NULL OR target_id = $2)
            AND ($3::text IS NULL OR outcome = $3)
          ORDER BY id`,
        [action ?? null, targetId ?? null, outcome ?? null],
      );
    },
    // The run's global teardown drops the private database.
    async close() {
      await app.close();
      await nats.close();
    },
  };
}

/** The demo's people (the gateway's demo identities), as the gateway passes them to services. */
export const actors = {
  province: actor('u-province', 'province', '省人社厅', 'province_admin', ['140000']),
  lvliang: actor('u-lvliang', 'lvliang', '吕梁市人社局', 'city_officer', ['141100']),
  linxian: actor('u-linxian', 'linxian', '刘星', 'county_officer', ['141124']),
  zhangzhenyu: actor('u-zhangzhenyu', 'zhangzhenyu', '张振玉', 'leading_member', ['141124']),
  lishi: actor('u-lishi', 'lishi', '离石区专班', 'county_officer', ['141102']),
  inspector: actor('u-inspector', 'inspector', '验收组', 'inspector', ['141124', '141102']),
  taiyuan: actor('u-taiyuan', 'taiyuan', '太原市人社局', 'city_officer', ['140100']),
} satisfies Record<string, Actor>;

function actor(
  userId: string,
  username: string,
  displayName: string,
  role: Actor['role'],
  regionCodes: string[],
): Actor {
  return { userId, username, displayName, role, regionCodes };
}

export const LINXIAN = '141124';
export const LISHI = '141102';

/** Rows counted by the "nothing written" assertions. */
export async function writeCounts(db: DataSource): Promise<{ reports: number; outbox: number; auditDone: number }> {
  const [row] = (await db.query(`
    SELECT (SELECT count(*) FROM projects.monthly_report)::int AS reports,
           (SELECT count(*) FROM projects.outbox)::int AS outbox,
           (SELECT count(*) FROM projects.audit_log WHERE outcome = 'done')::int AS "auditDone"`)) as {
    reports: number;
    outbox: number;
    auditDone: number;
  }[];
  return row as { reports: number; outbox: number; auditDone: number };
}
