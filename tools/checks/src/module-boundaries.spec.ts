import { lintProbes } from './lint-probes';

/**
 * The workspace's boundaries are enforced by lint, and lint must keep enforcing them: probe files are
 * written where violations would live, linted by the repository's own ESLint and configuration (as
 * `npm run lint` does), and removed.
 */
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
    source:
      "import { Streams } from '@duban/contracts';\nimport { Outbox } from '@duban/platform';\nexport const probe = [Streams, Outbox];\n",
  },
} as const;

type Probe = keyof typeof PROBES;

describe('module boundaries (npm run lint)', () => {
  const errors = new Map<Probe, string[]>();

  beforeAll(async () => {
    const found = await lintProbes(PROBES, (rule) => rule === '@nx/enforce-module-boundaries');
    for (const [name, messages] of found)
      errors.set(
        name,
        messages.map((m) => m.replace(/^[^:]+: /, '')),
      );
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
