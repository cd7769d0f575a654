import { lintProbes } from './lint-probes';

/**
 * The service template (issue 11, STYLE.md) must keep holding after the change that made it: each rule a
 * linter can check is a `duban/*` rule (tools/lint-rules), and each is proven here by probe files written
 * where a violation would live, linted by the repository's own ESLint configuration, then removed.
 */
const PROBES = {
  serviceImportsTypeorm: {
    path: 'apps/funding/src/ledger/template-probe-typeorm.service.ts',
    source: "import { DataSource } from 'typeorm';\nexport const probe = DataSource;\n",
  },
  serviceRunsSql: {
    path: 'apps/projects/src/milestones/template-probe-sql.service.ts',
    source:
      'export async function probe(tx: { query(sql: string): Promise<unknown> }) {\n  return tx.query(`SELECT 1`);\n}\n',
  },
  repositoryRunsSql: {
    path: 'apps/projects/src/milestones/template-probe.repository.ts',
    source:
      "import type { EntityManager } from 'typeorm';\nexport async function probe(tx: EntityManager, at: Date) {\n  return tx.query(`SELECT $1::timestamptz AS at`, [at]);\n}\n",
  },
  machineTime: {
    path: 'apps/evaluation/src/inspections/template-probe-time.service.ts',
    source: 'export const probe = () => [new Date(), Date.now(), new Date(0)];\n',
  },
  sqlTime: {
    path: 'apps/notifications/src/deadlines/template-probe-time.repository.ts',
    source: "export const probe = ['UPDATE x SET at = now()', `SELECT current_date`];\n",
  },
  misplacedHandlers: {
    path: 'apps/funding/src/ledger/template-probe-handlers.service.ts',
    source:
      "import { EventPattern, MessagePattern } from '@nestjs/microservices';\nexport class Probe {\n  @MessagePattern('funding.probe.get')\n  get() {}\n  @EventPattern('duban.projects.probe.recorded.v1', { durable: 'probe' })\n  on() {}\n}\n",
  },
  placedHandlers: {
    path: 'apps/funding/src/ledger/template-probe.handler.ts',
    source:
      "import { Controller } from '@nestjs/common';\nimport { MessagePattern } from '@nestjs/microservices';\n@Controller()\nexport class Probe {\n  @MessagePattern('funding.probe.get')\n  get() {}\n}\n",
  },
  fileWithoutRole: {
    path: 'apps/evaluation/src/rubrics/template-probe-helpers.ts',
    source: 'export const probe = 1;\n',
  },
  fileWithRole: {
    path: 'apps/evaluation/src/rubrics/template-probe-sums.rules.ts',
    source: 'export const probe = (a: number, b: number) => a + b;\n',
  },
} as const;

type Probe = keyof typeof PROBES;

describe('the service template (npm run lint)', () => {
  const errors = new Map<Probe, string[]>();

  beforeAll(async () => {
    for (const [name, found] of await lintProbes(PROBES, (rule) => rule.startsWith('duban/'))) errors.set(name, found);
  }, 120_000);

  it('refuses typeorm in a service file, and SQL run outside a repository', () => {
    expect(errors.get('serviceImportsTypeorm')).toEqual([
      expect.stringMatching(/^duban\/database-in-repositories: 'typeorm'/),
    ]);
    expect(errors.get('serviceRunsSql')).toEqual([
      expect.stringMatching(/^duban\/database-in-repositories: \.query\(\)/),
    ]);
  });

  it('lets a repository import TypeORM types and run SQL with the time passed in', () => {
    expect(errors.get('repositoryRunsSql')).toEqual([]);
  });

  it("refuses the machine's time and the database's: one clock", () => {
    expect(errors.get('machineTime')).toEqual([
      expect.stringContaining('new Date()'),
      expect.stringContaining('Date.now()'),
    ]);
    expect(errors.get('sqlTime')).toEqual([expect.stringContaining('now()'), expect.stringContaining('current_date')]);
  });

  it('keeps @MessagePattern in *.handler.ts and @EventPattern in *.subscriber.ts', () => {
    expect(errors.get('misplacedHandlers')).toEqual([
      expect.stringContaining('@MessagePattern belongs in a *.handler.ts file'),
      expect.stringContaining('@EventPattern belongs in a *.subscriber.ts file'),
    ]);
    expect(errors.get('placedHandlers')).toEqual([]);
  });

  it('names every feature file by its role', () => {
    expect(errors.get('fileWithoutRole')).toEqual([
      expect.stringContaining("'template-probe-helpers.ts' plays no template role"),
    ]);
    expect(errors.get('fileWithRole')).toEqual([]);
  });
});
