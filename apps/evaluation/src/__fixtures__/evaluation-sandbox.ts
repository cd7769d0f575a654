import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ProjectRegistered, type Actor, type Envelope, type ProjectRegisteredData } from '@duban/contracts';
import { connectNats, ensureDatabase, JETSTREAM, Namespace, PlatformConfig, RpcClient } from '@duban/platform';
import { testEnvironment, uniqueNamespace, waitFor } from '@duban/testing';
import { headers as natsHeaders, type JetStreamClient, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AppModule } from '../app.module';
import { EvaluationConfig } from '../config';

/**
 * The evaluation service with its demo rubric, in a database and a NATS namespace of the test file's own,
 * called over RPC as the gateway calls it. It learns of projects only from ProjectRegistered events, so the
 * sandbox publishes them on the projects stream exactly as the projects service's relay would.
 */
export interface EvaluationSandbox {
  readonly app: INestApplicationContext;
  readonly rpc: RpcClient;
  readonly db: DataSource;
  readonly evidenceDir: string;
  readonly programmeId: string;
  /** Project ids by county code. */
  readonly projects: Record<string, string>;
  /** Outbox envelopes by subject, oldest first. */
  outbox(subject: string): Promise<Envelope<Record<string, unknown>>[]>;
  /** Rows written that a refusal must not add to. */
  writeCounts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export const LINXIAN = '141124';
export const LISHI = '141102';
export const TAIYUAN_XIAODIAN = '140105';

const COUNTIES: [code: string, name: string, city: string, cityName: string][] = [
  [LINXIAN, '临县', '141100', '吕梁市'],
  [LISHI, '离石区', '141100', '吕梁市'],
  [TAIYUAN_XIAODIAN, '小店区', '140100', '太原市'],
];

export async function startEvaluationSandbox(
  label: string,
  options: { maxBytes?: number } = {},
): Promise<EvaluationSandbox> {
  const url = new URL(testEnvironment().DUBAN_DATABASE_URL as string);
  url.pathname = `${url.pathname}_${label}`;
  await ensureDatabase(url.toString());
  const namespace = uniqueNamespace(label);
  const platform = PlatformConfig.fromEnv(
    'evaluation',
    testEnvironment({ DUBAN_DATABASE_URL: url.toString(), DUBAN_NAMESPACE: namespace, DUBAN_DEMO: 'true' }),
  );
  const evidenceDir = await mkdtemp(join(tmpdir(), `duban-evidence-${label}-`));
  const config = new EvaluationConfig({ dir: evidenceDir, maxBytes: options.maxBytes ?? 10 * 1024 * 1024 });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(platform, config), { logger: false });
  const nats: NatsConnection = await connectNats(platform.nats.url, `${label}-test`);
  const db = app.get(DataSource);
  const jetstream = app.get<JetStreamClient>(JETSTREAM);
  const ns = app.get(Namespace);

  const programmeId = uuidv7();
  const projects: Record<string, string> = {};
  for (const [code, name, city, cityName] of COUNTIES) {
    projects[code] = uuidv7();
    const data: ProjectRegisteredData = {
      programmeId,
      programmeCode: 'test-gig-markets',
      programmeYear: 2023,
      projectId: projects[code] as string,
      projectName: `${name}公益性零工市场`,
      regionCode: code,
      regionName: name,
      cityRegionCode: city,
      cityName,
      provinceRegionCode: '140000',
      population: 1000,
      populationSource: 'test',
      plannedAreaM2: 150,
      plannedAreaAtLeast: true,
      history: false,
    };
    const envelope: Envelope<ProjectRegisteredData> = {
      id: uuidv7(),
      type: ProjectRegistered.type,
      version: 1,
      occurredAt: new Date().toISOString(),
      correlationId: 'sandbox',
      causationId: null,
      data,
    };
    const headers = natsHeaders();
    headers.set('Nats-Msg-Id', envelope.id);
    await jetstream.publish(ns.subject(ProjectRegistered.type), JSON.stringify(envelope), { headers });
  }
  await waitFor(
    'projects registered in evaluation',
    async () => ((await db.query(`SELECT count(*)::int AS n FROM evaluation.project`)) as { n: number }[])[0]?.n,
    (n) => n === COUNTIES.length,
  );

  return {
    app,
    rpc: new RpcClient(nats, new Namespace(namespace), 10_000),
    db,
    evidenceDir,
    programmeId,
    projects,
    async outbox(subject) {
      const rows: { envelope: Envelope<Record<string, unknown>> }[] = await db.query(
        `SELECT envelope FROM evaluation.outbox WHERE subject = $1 ORDER BY seq`,
        [subject],
      );
      return rows.map((row) => row.envelope);
    },
    async writeCounts() {
      const [row] = (await db.query(`
        SELECT (SELECT count(*) FROM evaluation.inspection)::int AS inspections,
               (SELECT count(*) FROM evaluation.item_score)::int AS scores,
               (SELECT coalesce(sum(half_points), 0) FROM evaluation.item_score)::int AS "scoreSum",
               (SELECT count(*) FROM evaluation.signature)::int AS signatures,
               (SELECT count(*) FROM evaluation.rectification)::int AS rectifications,
               (SELECT count(*) FROM evaluation.evidence)::int AS evidence,
               (SELECT count(*) FROM evaluation.outbox)::int AS outbox,
               (SELECT count(*) FROM evaluation.audit_log WHERE outcome = 'done')::int AS "auditDone"`)) as Record<
        string,
        number
      >[];
      return row as Record<string, number>;
    },
    async close() {
      await nats.close();
      await app.close();
      await rm(evidenceDir, { recursive: true, force: true });
      if (process.env.DUBAN_TEST_KEEP === '1') return;
      const admin = new URL(url.toString());
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

/** Callers as the gateway passes them (the demo identities). */
export const actors = {
  province: actor('province', '省人社厅', 'province_admin', ['140000']),
  lvliang: actor('lvliang', '吕梁市人社局', 'city_officer', ['141100']),
  taiyuan: actor('taiyuan', '太原市人社局', 'city_officer', ['140100']),
  linxian: actor('linxian', '刘星', 'county_officer', [LINXIAN]),
  lishi: actor('lishi', '离石区专班', 'county_officer', [LISHI]),
  zhangzhenyu: actor('zhangzhenyu', '张振玉', 'leading_member', [LINXIAN]),
  inspector: actor('inspector', '验收组', 'inspector', [LINXIAN, LISHI]),
  otherInspector: actor('inspector2', '另一验收组', 'inspector', [LINXIAN]),
} satisfies Record<string, Actor>;

function actor(username: string, displayName: string, role: Actor['role'], regionCodes: string[]): Actor {
  return { userId: `user-${username}`, username, displayName, role, regionCodes };
}
