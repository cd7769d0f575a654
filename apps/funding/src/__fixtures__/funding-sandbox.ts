import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  DEMO_PROGRAMME_CODE,
  ProjectRegistered,
  type Actor,
  type Envelope,
  type ProjectRegisteredData,
} from '@duban/contracts';
import { connectNats, Namespace, PlatformConfig, RpcClient } from '@duban/platform';
import { privateDatabase, testEnvironment, uniqueNamespace, waitFor } from '@duban/testing';
import { headers as natsHeaders, type JetStreamClient, type NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';

/**
 * The funding service for one test file, in a database and a NATS namespace of its own, called over RPC
 * as the gateway calls it. The projects service is played by the test: it publishes ProjectRegistered
 * events onto the projects stream, exactly as projects' outbox relay would.
 */
export interface FundingSandbox {
  readonly app: INestApplicationContext;
  readonly rpc: RpcClient;
  readonly db: DataSource;
  /** Publishes the projects' registrations and waits until funding has recorded them all. */
  register(projects: readonly ProjectRegisteredData[]): Promise<void>;
  /** Rows every write leaves: used by "nothing written" assertions. */
  writeCounts(): Promise<WriteCounts>;
  outboxEnvelopes(subject: string): Promise<Envelope<Record<string, unknown>>[]>;
  auditRows(filter: { action?: string; outcome?: string; targetId?: string }): Promise<AuditRow[]>;
  close(): Promise<void>;
}

export interface WriteCounts {
  budgets: number;
  budgetFen: string;
  allocations: number;
  allocationFen: string;
  disbursements: number;
  expenditures: number;
  outbox: number;
  auditDone: number;
}

export interface AuditRow {
  actor_username: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  outcome: string;
  detail: string | null;
}

export async function startFundingSandbox(label: string, options: { demo: boolean }): Promise<FundingSandbox> {
  const namespace = uniqueNamespace(label);
  const config = PlatformConfig.fromEnv(
    'funding',
    testEnvironment({
      DUBAN_DATABASE_URL: await privateDatabase(`funding_${label}`),
      DUBAN_DEMO: String(options.demo),
      DUBAN_NAMESPACE: namespace,
    }),
  );
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
  const nats: NatsConnection = await connectNats(config.nats.url, `test-${label}`);
  const jetstream: JetStreamClient = nats.jetstream();
  const ns = new Namespace(config.namespace);
  const db = app.get(DataSource);

  return {
    app,
    db,
    rpc: new RpcClient(nats, ns, 30_000),
    async register(projects) {
      for (const data of projects) {
        const envelope: Envelope<ProjectRegisteredData> = {
          id: randomUUID(),
          type: ProjectRegistered.type,
          version: ProjectRegistered.version,
          occurredAt: new Date().toISOString(),
          correlationId: `test-${label}`,
          causationId: null,
          data,
        };
        const headers = natsHeaders();
        headers.set('Nats-Msg-Id', envelope.id);
        await jetstream.publish(ns.subject(ProjectRegistered.type), JSON.stringify(envelope), { headers });
      }
      const ids = projects.map((p) => p.projectId);
      await waitFor(
        'funding to record the registered projects',
        async () =>
          (
            (await db.query(`SELECT count(*)::int AS n FROM funding.project WHERE project_id = ANY($1::uuid[])`, [
              ids,
            ])) as {
              n: number;
            }[]
          )[0]?.n,
        (n) => n === ids.length,
        { timeoutMs: 30_000 },
      );
    },
    async writeCounts() {
      const [row] = (await db.query(`
        SELECT (SELECT count(*) FROM funding.programme_budget)::int AS budgets,
               (SELECT COALESCE(sum(amount_fen), 0) FROM funding.programme_budget)::text AS "budgetFen",
               (SELECT count(*) FROM funding.allocation)::int AS allocations,
               (SELECT COALESCE(sum(amount_fen), 0) FROM funding.allocation)::text AS "allocationFen",
               (SELECT count(*) FROM funding.disbursement)::int AS disbursements,
               (SELECT count(*) FROM funding.expenditure)::int AS expenditures,
               (SELECT count(*) FROM funding.outbox)::int AS outbox,
               (SELECT count(*) FROM funding.audit_log WHERE outcome = 'done')::int AS "auditDone"`)) as WriteCounts[];
      return row as WriteCounts;
    },
    async outboxEnvelopes(subject) {
      const rows: { envelope: Envelope<Record<string, unknown>> }[] = await db.query(
        `SELECT envelope FROM funding.outbox WHERE subject = $1 ORDER BY seq`,
        [subject],
      );
      return rows.map((row) => row.envelope);
    },
    async auditRows({ action, outcome, targetId }) {
      return db.query(
        `SELECT actor_username, action, target_type, target_id, outcome, detail FROM funding.audit_log
          WHERE ($1::text IS NULL OR action = $1) AND ($2::text IS NULL OR outcome = $2)
            AND ($3::text IS NULL OR target_id = $3)
          ORDER BY id`,
        [action ?? null, outcome ?? null, targetId ?? null],
      );
    },
    async close() {
      await nats.close();
      await app.close();
    },
  };
}

/** Callers as the gateway passes them (the demo identities). */
export const actors = {
  province: actor('province', '省人社厅', 'province_admin', ['140000']),
  lvliang: actor('lvliang', '吕梁市人社局', 'city_officer', ['141100']),
  taiyuan: actor('taiyuan', '太原市人社局', 'city_officer', ['140100']),
  linxian: actor('linxian', '刘星', 'county_officer', ['141124']),
  lishi: actor('lishi', '离石区专班', 'county_officer', ['141102']),
  zhangzhenyu: actor('zhangzhenyu', '张振玉', 'leading_member', ['141124']),
  inspector: actor('inspector', '验收组', 'inspector', ['141124', '141102']),
} satisfies Record<string, Actor>;

function actor(username: string, displayName: string, role: Actor['role'], regionCodes: string[]): Actor {
  return { userId: `user-${username}`, username, displayName, role, regionCodes };
}

export const LINXIAN = '141124';
export const LISHI = '141102';
export const LVLIANG = '141100';

/** Shanxi's 11 cities and how many counties each has (117 in all), as in data/shanxi_counties.csv. */
const CITIES: readonly [string, string, number][] = [
  ['140100', '太原市', 10],
  ['140200', '大同市', 10],
  ['140300', '阳泉市', 5],
  ['140400', '长治市', 12],
  ['140500', '晋城市', 6],
  ['140600', '朔州市', 6],
  ['140700', '晋中市', 11],
  ['140800', '运城市', 13],
  ['140900', '忻州市', 14],
  ['141000', '临汾市', 17],
  ['141100', '吕梁市', 13],
];

/** A factory for ProjectRegistered payloads. */
export function registeredProject(
  overrides: Partial<ProjectRegisteredData> & { regionCode: string },
): ProjectRegisteredData {
  const regionName = overrides.regionName ?? `县${overrides.regionCode}`;
  return {
    programmeId: '0190a3c4-0000-7000-8000-00000000a023',
    programmeCode: DEMO_PROGRAMME_CODE,
    programmeYear: 2023,
    projectId: randomUUID(),
    projectName: `${regionName}公益性零工市场`,
    regionName,
    cityRegionCode: `${overrides.regionCode.slice(0, 4)}00`,
    cityName: CITIES.find(([code]) => code === `${overrides.regionCode.slice(0, 4)}00`)?.[1] ?? null,
    provinceRegionCode: '140000',
    population: 300_000,
    populationSource: '第七次全国人口普查（2020）',
    plannedAreaM2: null,
    plannedAreaAtLeast: false,
    history: true,
    ...overrides,
  };
}

/** The province as the projects service names it in ProjectRegistered (附件4's 全省总计 population base). */
export const SHANXI = {
  provinceName: '山西省',
  provincePopulation: 34_804_758,
  provincePopulationSource: '山西统计年鉴-2022（2021年末常住人口）',
} as const;

/**
 * The demo programme's 117 county projects as the projects service announces them, each naming the province
 * with its own population base (SHANXI): 临县 with the documents'
 * yearbook population 389,906 and 离石区 with its census figure; the other counties are stand-ins with
 * populations spread deterministically over 60,000–900,000 (a test needs the shape, not the real figures).
 */
export function demoProjects(): ProjectRegisteredData[] {
  const projects: ProjectRegisteredData[] = [];
  let seed = 20_230_101;
  for (const [cityCode, , count] of CITIES) {
    const codes =
      cityCode === LVLIANG
        ? ['141102', ...range(2, count + 1).map((i) => `1411${20 + i}`)]
        : range(1, count + 1).map((i) => `${cityCode.slice(0, 4)}${20 + i}`);
    for (const code of codes) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      projects.push(
        registeredProject({
          ...SHANXI,
          regionCode: code,
          population: 60_000 + (seed % 840_000),
          ...(code === LINXIAN
            ? { regionName: '临县', population: 389_906, populationSource: '山西统计年鉴-2022（2021年末常住人口）' }
            : {}),
          ...(code === LISHI ? { regionName: '离石区', population: 456_355 } : {}),
        }),
      );
    }
  }
  return projects;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
