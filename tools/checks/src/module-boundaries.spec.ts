import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The workspace's boundaries are enforced by lint, and lint must keep enforcing them: probe files are
 * written where violations would live, linted by the repository's own ESLint and configuration (as
 * `npm run lint` does), and removed.
 */
const ROOT = join(__dirname, '..', '..', '..');

const PROBES = {
  serviceImportsService: {
    path: 'apps/projects/src/boundary-probe-service.ts',
    source: "import { GatewayConfig } from '../../gateway/src/config';\nexport const probe = GatewayConfig;\n",
  },
  contractsImportNest: {
    path: 'libs/contracts/src/boundary-probe-nest.ts',
    source: "import { Injectable } from '@nestjs/common';\nexport const probe = Injectable;\n",
  },
  serviceUsesSharedLibs: {
    path: 'apps/funding/src/boundary-probe-shared.ts',
    source: "import { Streams } from '@duban/contracts';\nimport { Outbox } from '@duban/platform';\nexport const probe = [Streams, Outbox];\n",
  },
} as const;

type Probe = keyof typeof PROBES;

describe('module boundaries (npm run lint)', () => {
  const errors = new Map<Probe, string[]>();

  beforeAll(async () => {
    for (const probe of Object.values(PROBES)) writeFileSync(join(ROOT, probe.path), probe.source);
    try {
      const files = Object.values(PROBES).map((probe) => probe.path);
      // ESLint exits 1 when it finds errors; its JSON report is what we read either way.
      const output = await promisify(execFile)(join(ROOT, 'node_modules/.bin/eslint'), ['--format', 'json', ...files], {
        cwd: ROOT,
        maxBuffer: 16 * 1024 * 1024,
      }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '[]' }));
      const results = JSON.parse(output.stdout) as { filePath: string; messages: { ruleId: string; message: string }[] }[];
      for (const [name, probe] of Object.entries(PROBES) as [Probe, (typeof PROBES)[Probe]][]) {
        const result = results.find((r) => r.filePath === join(ROOT, probe.path));
        if (!result) throw new Error(`ESLint did not report on ${probe.path}`);
        errors.set(
          name,
          result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message),
        );
      }
    } finally {
      for (const probe of Object.values(PROBES)) rmSync(join(ROOT, probe.path), { force: true });
    }
  }, 120_000);

  it('fails when one service imports another', () => {
    expect(errors.get('serviceImportsService')).toHaveLength(1);
  });

  it('fails when libs/contracts imports Nest', () => {
    expect(errors.get('contractsImportNest')).toEqual([expect.stringContaining('@nestjs/common')]);
  });

  it('passes a service that uses only the shared libraries', () => {
    expect(errors.get('serviceUsesSharedLibs')).toEqual([]);
  });
});
