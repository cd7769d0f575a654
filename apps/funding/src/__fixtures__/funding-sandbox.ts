import { randomUUID } from 'node:crypto';
import type { INestMicroservice } from '@nestjs/common';
import { DEMO_PROGRAMME_CODE, ProjectRegistered, type ProjectRegisteredData } from '@duban/contracts';
import { PlatformConfig, RpcClient, startService } from '@duban/platform';
import {
  LISHI,
  LINXIAN,
  LVLIANG,
  startServiceSandbox,
  waitFor,
  type Environment,
  type ServiceSandbox,
} from '@duban/testing';
import { AppModule } from '../app.module';

/**
 * The funding service for one test file on the shared service sandbox (its own database and NATS
 * namespace), called over RPC as the gateway calls it. The projects service is played by the test: it
 * publishes ProjectRegistered events onto the projects stream, exactly as projects' outbox relay would.
 */
export interface FundingSandbox extends ServiceSandbox<INestMicroservice> {
  readonly rpc: RpcClient;
  /** Publishes the projects' registrations and waits until every consumer of funding has handled them all. */
  register(projects: readonly ProjectRegisteredData[]): Promise<void>;
  /** Rows every write leaves: used by "nothing written" assertions. */
  writeCounts(): Promise<WriteCounts>;
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

/** Starts funding as production does (startService), in the sandbox's environment. */
export function startFunding(env: Environment): Promise<INestMicroservice> {
  return startService(AppModule.forRoot(PlatformConfig.fromEnv('funding', env)), { logs: false });
}

export async function startFundingSandbox(
  label: string,
  options: { demo: boolean; start?: (env: Environment) => Promise<INestMicroservice> },
): Promise<FundingSandbox> {
  const sandbox = await startServiceSandbox({
    service: 'funding',
    label,
    demo: options.demo,
    // As the gateway waits on a loaded machine: the calculator's commit and the rollups are not instant.
    env: { DUBAN_RPC_TIMEOUT_MS: '30000' },
    start: options.start ?? startFunding,
  });
  // Funding's consumers of ProjectRegistered (their durable names, as in the subscribers): the demo's only with the demo.
  const consumers = options.demo ? ['funding-projects', 'funding-demo-allocations'] : ['funding-projects'];

  return {
    ...sandbox,
    rpc: sandbox.app.get(RpcClient),
    async register(projects) {
      const ids: string[] = [];
      for (const data of projects) ids.push((await sandbox.publish(ProjectRegistered, data)).id);
      await waitFor(
        'funding to handle the registered projects',
        async () =>
          (
            await sandbox.db.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM funding.inbox WHERE event_id = ANY($1::uuid[]) AND consumer = ANY($2)`,
              [ids, consumers],
            )
          )[0]?.n,
        (n) => n === ids.length * consumers.length,
        { timeoutMs: 30_000 },
      );
    },
    async writeCounts() {
      const [row] = await sandbox.db.query<WriteCounts>(`
        SELECT (SELECT count(*) FROM funding.programme_budget)::int AS budgets,
               (SELECT COALESCE(sum(amount_fen), 0) FROM funding.programme_budget)::text AS "budgetFen",
               (SELECT count(*) FROM funding.allocation)::int AS allocations,
               (SELECT COALESCE(sum(amount_fen), 0) FROM funding.allocation)::text AS "allocationFen",
               (SELECT count(*) FROM funding.disbursement)::int AS disbursements,
               (SELECT count(*) FROM funding.expenditure)::int AS expenditures,
               (SELECT count(*) FROM funding.outbox)::int AS outbox,
               (SELECT count(*) FROM funding.audit_log WHERE outcome = 'done')::int AS "auditDone"`);
      return row as WriteCounts;
    },
  };
}

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
