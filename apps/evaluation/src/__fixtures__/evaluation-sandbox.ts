import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestMicroservice } from '@nestjs/common';
import { DomainError, ProjectRegistered } from '@duban/contracts';
import { RpcClient, startService } from '@duban/platform';
import { LINXIAN, LISHI, startServiceSandbox, waitFor, type ServiceSandbox } from '@duban/testing';
import { v7 as uuidv7 } from 'uuid';
import { AppModule } from '../app.module';
import { loadEvaluationConfig } from '../config';

/**
 * The evaluation service with its demo rubric on the shared service sandbox, called over RPC as the
 * gateway calls it, its evidence in a directory of its own. It learns of projects only from
 * ProjectRegistered events, so the sandbox publishes three counties' projects as the projects service would.
 */
export interface EvaluationSandbox extends ServiceSandbox<INestMicroservice> {
  readonly rpc: RpcClient;
  readonly evidenceDir: string;
  readonly programmeId: string;
  /** Project ids by county code. */
  readonly projects: Record<string, string>;
  /** Rows written that a refusal must not add to. */
  writeCounts(): Promise<Record<string, number>>;
}

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
  const evidenceDir = await mkdtemp(join(tmpdir(), `duban-evidence-${label}-`));
  const sandbox = await startServiceSandbox({
    service: 'evaluation',
    label,
    demo: true,
    env: { DUBAN_EVIDENCE_DIR: evidenceDir, DUBAN_EVIDENCE_MAX_BYTES: String(options.maxBytes ?? 10 * 1024 * 1024) },
    start: (env) => {
      const { platform, evaluation } = loadEvaluationConfig(env);
      return startService(AppModule.forRoot(platform, evaluation), { logs: false });
    },
  });

  const programmeId = uuidv7();
  const projects: Record<string, string> = {};
  for (const [code, name, city, cityName] of COUNTIES) {
    projects[code] = uuidv7();
    await sandbox.publish(ProjectRegistered, {
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
    });
  }
  await waitFor(
    'projects registered in evaluation',
    async () => (await sandbox.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM evaluation.project`))[0]?.n,
    (n) => n === COUNTIES.length,
  );

  return {
    ...sandbox,
    rpc: sandbox.app.get(RpcClient),
    evidenceDir,
    programmeId,
    projects,
    async writeCounts() {
      const [row] = await sandbox.db.query<Record<string, number>>(`
        SELECT (SELECT count(*) FROM evaluation.inspection)::int AS inspections,
               (SELECT count(*) FROM evaluation.item_score)::int AS scores,
               (SELECT coalesce(sum(half_points), 0) FROM evaluation.item_score)::int AS "scoreSum",
               (SELECT count(*) FROM evaluation.signature)::int AS signatures,
               (SELECT count(*) FROM evaluation.rectification)::int AS rectifications,
               (SELECT count(*) FROM evaluation.evidence)::int AS evidence,
               (SELECT count(*) FROM evaluation.outbox)::int AS outbox,
               (SELECT count(*) FROM evaluation.audit_log WHERE outcome = 'done')::int AS "auditDone"`);
      return row as Record<string, number>;
    },
    async close() {
      await sandbox.close();
      await rm(evidenceDir, { recursive: true, force: true });
    },
  };
}

/** The domain error a call was refused with (anything else fails the test). */
export async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}
