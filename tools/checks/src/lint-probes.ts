import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = join(__dirname, '..', '..', '..');

export interface LintProbe {
  /** Where a violation (or a clean file) would live, relative to the repository root. */
  readonly path: string;
  readonly source: string;
}

/**
 * Writes each probe file where it would live, lints them with the repository's own ESLint configuration
 * (as `npm run lint` does), removes them, and returns, per probe, the messages of the rules whose id
 * passes `rule`, as `<rule id>: <message>`.
 */
export async function lintProbes<Name extends string>(
  probes: Readonly<Record<Name, LintProbe>>,
  rule: (ruleId: string) => boolean,
): Promise<Map<Name, string[]>> {
  const entries = Object.entries(probes) as [Name, LintProbe][];
  const report = join(ROOT, 'tmp', `lint-probes-${process.pid}-${Date.now()}.json`);
  mkdirSync(dirname(report), { recursive: true });
  for (const [, probe] of entries) {
    mkdirSync(dirname(join(ROOT, probe.path)), { recursive: true });
    writeFileSync(join(ROOT, probe.path), probe.source);
  }
  try {
    // ESLint exits 1 when it finds errors; its JSON report (in a file: Nx may print warnings) is read either way.
    await promisify(execFile)(
      join(ROOT, 'node_modules/.bin/eslint'),
      ['--format', 'json', '--output-file', report, ...entries.map(([, probe]) => probe.path)],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    ).catch(() => undefined);
    const results = JSON.parse(readFileSync(report, 'utf8')) as {
      filePath: string;
      messages: { ruleId: string | null; message: string }[];
    }[];
    const found = new Map<Name, string[]>();
    for (const [name, probe] of entries) {
      const result = results.find((r) => r.filePath === join(ROOT, probe.path));
      if (!result) throw new Error(`ESLint did not report on ${probe.path}`);
      found.set(
        name,
        result.messages.filter((m) => m.ruleId !== null && rule(m.ruleId)).map((m) => `${m.ruleId}: ${m.message}`),
      );
    }
    return found;
  } finally {
    for (const [, probe] of entries) rmSync(join(ROOT, probe.path), { force: true });
    rmSync(report, { force: true });
  }
}
