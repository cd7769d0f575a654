import { DashboardRollupChanged } from '@duban/contracts';
import type { INestMicroservice } from '@nestjs/common';
import type { Envelope } from '@duban/contracts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Clock, RpcClient, startService } from '@duban/platform';
import { startServiceSandbox, type SandboxDatabase, type ServiceSandbox } from '@duban/testing';
import { AppModule } from '../app.module';
import { loadProjectsSettings } from '../config';

/**
 * The projects service (with its demo data unless told otherwise) in the shared service sandbox: a
 * database and a NATS namespace of the test file's own. Callers speak to it as the gateway does (`rpc`),
 * and move its time with `clock.setNow`.
 */
export interface ProjectsSandbox extends ServiceSandbox<INestMicroservice> {
  readonly rpc: RpcClient;
  readonly clock: Clock;
  /** Outbox rows under one subject, optionally for one aggregate. */
  outboxCount(subject: string, aggregateId?: string): Promise<number>;
  outboxEnvelopes<T = Record<string, unknown>>(subject: string, aggregateId?: string): Promise<Envelope<T>[]>;
}

export async function startProjectsSandbox(
  label: string,
  options: { demo?: boolean; maxFileBytes?: number } = {},
): Promise<ProjectsSandbox> {
  // Milestone files go to a directory of the test file's own.
  const evidenceDir = await mkdtemp(join(tmpdir(), `duban-milestone-files-${label}-`));
  const sandbox = await startServiceSandbox({
    service: 'projects',
    label,
    demo: options.demo ?? true,
    // A programme year is 117 projects and 936 milestones in one call: room for a busy machine.
    env: {
      DUBAN_RPC_TIMEOUT_MS: '60000',
      DUBAN_EVIDENCE_DIR: evidenceDir,
      DUBAN_EVIDENCE_MAX_BYTES: String(options.maxFileBytes ?? 10 * 1024 * 1024),
    },
    start: (env) => {
      const { platform, files } = loadProjectsSettings(env);
      return startService(AppModule.forRoot(platform, files), { logs: false });
    },
  });
  const { db } = sandbox;
  return {
    ...sandbox,
    // The files the test attached go with the sandbox: a run leaves nothing behind in the temporary directory.
    async close() {
      await sandbox.close();
      await rm(evidenceDir, { recursive: true, force: true });
    },
    rpc: sandbox.app.get(RpcClient),
    clock: sandbox.app.get(Clock),
    async outboxCount(subject, aggregateId) {
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM projects.outbox WHERE subject = $1 AND ($2::text IS NULL OR aggregate_id = $2)`,
        [subject, aggregateId ?? null],
      );
      return row?.n ?? 0;
    },
    async outboxEnvelopes<T>(subject: string, aggregateId?: string) {
      const rows = await db.query<{ envelope: Envelope<T> }>(
        `SELECT envelope FROM projects.outbox
          WHERE subject = $1 AND ($2::text IS NULL OR aggregate_id = $2) ORDER BY seq`,
        [subject, aggregateId ?? null],
      );
      return rows.map((row) => row.envelope);
    },
  };
}

/**
 * Rows counted by the "nothing written" assertions. The read model's own announcements are left out: its
 * consumer writes them later, on its own, for whatever writes came before.
 */
export async function writeCounts(
  db: SandboxDatabase,
): Promise<{ reports: number; outbox: number; auditDone: number }> {
  const [row] = await db.query<{ reports: number; outbox: number; auditDone: number }>(`
    SELECT (SELECT count(*) FROM projects.monthly_report)::int AS reports,
           (SELECT count(*) FROM projects.outbox WHERE subject <> '${DashboardRollupChanged.type}')::int AS outbox,
           (SELECT count(*) FROM projects.audit_log WHERE outcome = 'done')::int AS "auditDone"`);
  return row as { reports: number; outbox: number; auditDone: number };
}
