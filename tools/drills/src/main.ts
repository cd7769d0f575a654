// `npm run drills [-- <name>…]`: scripted fault drills on the real apps, each on private Postgres, Redis and
// NATS servers. DRILLS_SCALE=ci (or --ci) runs the short version. Exits non-zero on any loss, duplicate or
// problem.
import { passed, type Drill, type DrillResult, type Scale } from './drill';
import { DRILLS } from './all-drills';
import { stopAllStacks } from './system/stack';

function parseArguments(argv: readonly string[]): { scale: Scale; names: string[] } {
  const ci = argv.includes('--ci') || process.env.DRILLS_SCALE === 'ci';
  const names = argv.filter((arg) => !arg.startsWith('--'));
  return { scale: ci ? 'ci' : 'full', names };
}

function usage(): string {
  return [
    'usage: npm run drills [-- [--ci] <name>…]',
    '',
    ...DRILLS.map((drill) => `  ${drill.name.padEnd(22)} ${drill.summary}`),
  ].join('\n');
}

function print(drill: Drill, result: DrillResult, seconds: number): void {
  const verdict = passed(result) ? 'PASS' : 'FAIL';
  console.log(`\n[${verdict}] ${drill.name} (${seconds.toFixed(0)} s)`);
  console.log(
    `  sent ${result.sent}  delivered ${result.delivered}  duplicated ${result.duplicated}  lost ${result.lost}`,
  );
  for (const [name, value] of Object.entries(result.figures)) console.log(`  ${name}: ${value}`);
  for (const problem of result.problems) console.log(`  PROBLEM: ${problem}`);
}

async function runOne(drill: Drill, scale: Scale): Promise<DrillResult> {
  const started = Date.now();
  const log = (message: string) =>
    console.log(`  ${drill.name} +${((Date.now() - started) / 1000).toFixed(1)}s: ${message}`);
  console.log(`\n=== ${drill.name}: ${drill.summary}`);
  let result: DrillResult;
  try {
    result = await drill.run({ scale, log });
  } catch (error) {
    result = {
      sent: 0,
      delivered: 0,
      duplicated: 0,
      lost: 0,
      figures: {},
      problems: [`the drill could not run: ${(error as Error).stack ?? String(error)}`],
    };
  }
  print(drill, result, (Date.now() - started) / 1000);
  return result;
}

async function main(): Promise<number> {
  const { scale, names } = parseArguments(process.argv.slice(2));
  if (names.includes('help')) {
    console.log(usage());
    return 0;
  }
  const unknown = names.filter((name) => !DRILLS.some((drill) => drill.name === name));
  if (unknown.length > 0) {
    console.error(`unknown drill: ${unknown.join(', ')}\n\n${usage()}`);
    return 64;
  }
  const chosen = names.length > 0 ? DRILLS.filter((drill) => names.includes(drill.name)) : DRILLS;
  console.log(`drills (${scale}): ${chosen.map((drill) => drill.name).join(', ')}`);
  // The short run goes two at a time (each drill has servers of its own); the full run one by one.
  const parallel = Number(process.env.DRILLS_PARALLEL ?? (scale === 'ci' ? 2 : 1));
  const results = new Map<Drill, DrillResult>();
  let next = 0;
  const worker = async () => {
    while (next < chosen.length) {
      const drill = chosen[next++] as Drill;
      results.set(drill, await runOne(drill, scale));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, chosen.length)) }, worker));
  const summary = chosen.map((drill) => {
    const result = results.get(drill) as DrillResult;
    return (
      `${passed(result) ? 'PASS' : 'FAIL'}  ${drill.name.padEnd(22)} sent ${String(result.sent).padStart(6)}  ` +
      `delivered ${String(result.delivered).padStart(6)}  duplicated ${String(result.duplicated).padStart(4)}  ` +
      `lost ${String(result.lost).padStart(4)}  problems ${result.problems.length}`
    );
  });
  const failed = chosen.filter((drill) => !passed(results.get(drill) as DrillResult)).length;
  console.log(`\n=== summary (${scale})\n${summary.join('\n')}`);
  return failed === 0 ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping every private server and app`);
    void stopAllStacks().finally(() => process.exit(130));
  });
}

main()
  .then(async (code) => {
    await stopAllStacks();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(error);
    await stopAllStacks();
    process.exit(1);
  });
