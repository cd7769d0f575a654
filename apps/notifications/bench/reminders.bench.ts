/**
 * Reminder lateness on the machine's real Postgres, Redis and NATS, beside the raw BullMQ floor measured in
 * the same run (bare delayed jobs on the same Redis, a worker that writes nothing): isolated reminders (G1),
 * then N reminders due at one instant (G2). The machinery is the bench's (tools/bench/src/reminder-engine.ts);
 * this runs it without starting the rest of the stack. Prints figures; asserts nothing.
 *
 *   npm run bench:reminders                 # 30 isolated, 100,000 at once
 *   BENCH_BURST=10000 npm run bench:reminders
 *   DUBAN_REMINDER_INSTANT_CHUNK=1000 npm run bench:reminders   # smaller set-wise chunks
 */
import { FLOOR_CONCURRENCY, startReminderEngine } from '../../../tools/bench/src/reminder-engine';
import { percentile } from '../../../tools/bench/src/stats';

const ISOLATED = Number(process.env.BENCH_ISOLATED ?? 30);
const BURST = Number(process.env.BENCH_BURST ?? 100_000);

function cells(label: string, engine: number, bare: number): string {
  return `  ${label.padEnd(5)} engine ${engine.toFixed(1).padStart(8)} ms   bare BullMQ ${bare.toFixed(1).padStart(8)} ms   ratio ${(engine / Math.max(bare, 1)).toFixed(2)}×`;
}

async function main(): Promise<void> {
  const engine = await startReminderEngine();
  const { chunk, parallel } = engine.config.firing;
  console.log(
    `Redis hz ${engine.redisHz}; bare BullMQ concurrency ${FLOOR_CONCURRENCY}; instants fired in chunks of ≤ ${chunk}, ` +
      `${parallel} at once; ${ISOLATED} isolated, ${BURST} at once`,
  );
  try {
    const isolated = await engine.isolated(ISOLATED, 300);
    console.log(`isolated reminders (${isolated.engine.length}/${ISOLATED} delivered), lateness`);
    for (const p of [50, 99])
      console.log(cells(`p${p}`, percentile(isolated.engine, p), percentile(isolated.floor, p)));
    const burst = await engine.burst(BURST);
    console.log(
      `${BURST} reminders due at one instant (${burst.delivered}/${BURST} in the inbox), time until all done`,
    );
    console.log(cells('all', burst.engineMs, burst.floorMs));
  } finally {
    await engine.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
