/**
 * `npm run bench`: issue 17's goals, each figure beside its floor measured in the same run, with the ratio and
 * a verdict; prints a table and writes the figures as JSON (tools/bench/results.json, or `--out FILE`).
 * The national generator runs first (the five apps, compiled by `npm run build`, on private servers, then
 * `npm run generate -- --scale national` against them); then every goal module present under goals/ (a
 * module not there yet is listed as "not built"). `--only G5,G7` runs some goals; `--sources` runs the apps
 * from their sources instead of the build; `--without-national` skips the generator and runs only the goals
 * whose module says `needsNational = false` (the others are listed as skipped).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../../drills/src/system/app-process';
import { Stack, stopAllStacks } from '../../drills/src/system/stack';
import type { GoalModule, GoalOptions, GoalResult } from './goal';
import { nationalStack } from './national';

const GOALS = ['G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7', 'G8'] as const;

type Row = GoalResult | { goal: string; status: 'not built' | 'skipped' | 'failed'; error?: string };
type Goal = GoalModule & { run: (options: GoalOptions) => Promise<GoalResult> };

function log(line: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

/** The goal's module (goals/g<n>.ts), or null when it is not built yet. */
function loadGoal(goal: string): Goal | null {
  const file = join(__dirname, 'goals', `${goal.toLowerCase()}.ts`);
  if (!existsSync(file)) return null;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(file) as GoalModule & Partial<Record<string, (options: GoalOptions) => Promise<GoalResult>>>;
  const run = module[`run${goal}`];
  return run ? { needsNational: module.needsNational, run } : null;
}

function table(rows: readonly Row[]): string {
  const head = ['goal', 'figure', 'floor', 'ratio', 'target', 'verdict'];
  const lines = rows.map((row) =>
    'status' in row
      ? [row.goal, '', '', '', '', row.status === 'failed' ? `failed: ${row.error?.slice(0, 60)}` : row.status]
      : [row.goal, `${row.figure} ${row.unit}`, `${row.floor}`, `${row.ratio}×`, row.target, row.met ? 'met' : 'NOT met'],
  );
  const widths = head.map((title, i) => Math.max(title.length, ...lines.map((line) => (line[i] ?? '').length)));
  const format = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [format(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(format)].join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      only: { type: 'string' },
      sources: { type: 'boolean', default: false },
      'without-national': { type: 'boolean', default: false },
    },
  });
  const out = resolve(values.out ?? join(ROOT, 'tools/bench/results.json'));
  const wanted = values.only ? values.only.split(',').map((goal) => goal.trim().toUpperCase()) : [...GOALS];
  const compiled = !values.sources;
  if (compiled && !existsSync(join(ROOT, 'dist/apps/gateway/src/main.js'))) {
    console.error('No production build: run `npm run build` first (or `npm run bench -- --sources`).');
    return 64;
  }
  const started = new Date();
  const withNational = !values['without-national'];
  const { stack, national } = withNational
    ? await nationalStack(log, { compiled })
    : { stack: await Stack.start({ label: 'bench', env: { DUBAN_LOG_LEVEL: 'warn' }, compiled }), national: undefined };
  const rows: Row[] = [];
  try {
    for (const goal of GOALS.filter((name) => wanted.includes(name))) {
      const module = loadGoal(goal);
      if (!module) {
        rows.push({ goal, status: 'not built' });
        continue;
      }
      if (!national && module.needsNational !== false) {
        rows.push({ goal, status: 'skipped' });
        continue;
      }
      log(`${goal}…`);
      try {
        const result = await module.run({ stack, national });
        rows.push(result);
        log(`${goal}: ${result.figure} ${result.unit} (floor ${result.floor}, ${result.ratio}×) ${result.met ? 'met' : 'NOT met'}`);
      } catch (error) {
        rows.push({ goal, status: 'failed', error: (error as Error).message });
        log(`${goal} failed: ${(error as Error).stack}`);
      }
    }
  } finally {
    await stack.stop();
  }
  const { nationalToken: _token, ...facts } = national ?? { nationalToken: undefined };
  writeFileSync(
    out,
    `${JSON.stringify({ startedAt: started.toISOString(), mode: compiled ? 'compiled' : 'sources', national: national ? facts : null, goals: rows }, null, 2)}\n`,
  );
  console.log(`\n${table(rows)}\n\nnational: ${national ? JSON.stringify(facts) : 'not generated (--without-national)'}\nfigures written to ${out}`);
  return 0;
}

process.once('SIGINT', () => void stopAllStacks().then(() => process.exit(130)));
main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    await stopAllStacks();
    process.exit(1);
  },
);
