import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Actor } from '@duban/contracts';
import { connectNats, ensureDatabase, Namespace, PlatformConfig, RpcClient } from '@duban/platform';
import { testEnvironment, uniqueNamespace } from '@duban/testing';
import type { NatsConnection } from 'nats';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../../app.module';
import { Clock } from '../../clock/clock';

/**
 * The projects service, running for one test file in a database of its own (beside the run's database,
 * dropped at the end) and a NATS namespace of its own, called over RPC like the gateway calls it. Its own
 * database because these tests add programmes and projects that other files (which count them) must not see.
 */
export interface ProjectsSandbox {
  readonly app: INestApplicationContext;
  readonly rpc: RpcClient;
  readonly db: DataSource;
  /** Fixes the service's clock at `instant` (an ISO string with its offset). */
  setNow(instant: string): void;
  close(): Promise<void>;
}

export async function startProjectsSandbox(label: string, options: { demo: boolean }): Promise<ProjectsSandbox> {
  const base = testEnvironment();
  const url = new URL(base.DUBAN_DATABASE_URL as string);
  url.pathname = `${url.pathname}_${label}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  const config = PlatformConfig.fromEnv(
    'projects',
    testEnvironment({
      DUBAN_DATABASE_URL: databaseUrl,
      DUBAN_DEMO: String(options.demo),
      DUBAN_NAMESPACE: uniqueNamespace(label),
    }),
  );
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
  const nats: NatsConnection = await connectNats(config.nats.url, `${label}-test`);
  let now = new Date();
  jest.spyOn(app.get(Clock), 'now').mockImplementation(() => new Date(now));
  return {
    app,
    rpc: new RpcClient(nats, new Namespace(config.namespace), 10_000),
    db: app.get(DataSource),
    setNow(instant: string) {
      now = new Date(instant);
    },
    async close() {
      await nats.close();
      await app.close();
      if (process.env.DUBAN_TEST_KEEP === '1') return;
      const admin = new URL(databaseUrl);
      admin.pathname = '/postgres';
      const client = new Client({ connectionString: admin.toString() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${decodeURIComponent(url.pathname.slice(1))}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Callers as the gateway would pass them. */
export const actors = {
  linxian: actor('linxian', '刘星', 'county_officer', ['141124']),
  lishi: actor('lishi', '离石区专班', 'county_officer', ['141102']),
  zhangzhenyu: actor('zhangzhenyu', '张振玉', 'leading_member', ['141124']),
  lvliang: actor('lvliang', '吕梁市人社局', 'city_officer', ['141100']),
  taiyuan: actor('taiyuan', '太原市人社局', 'city_officer', ['140100']),
  province: actor('province', '省人社厅', 'province_admin', ['140000']),
  inspector: actor('inspector', '验收组', 'inspector', ['141124', '141102']),
} satisfies Record<string, Actor>;

function actor(username: string, displayName: string, role: Actor['role'], regionCodes: string[]): Actor {
  return { userId: `user-${username}`, username, displayName, role, regionCodes };
}

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
