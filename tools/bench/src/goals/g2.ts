import type { GoalOptions, GoalResult } from '../goal';
import { FLOOR_CONCURRENCY, startReminderEngine } from '../reminder-engine';
import { percentile, round } from '../stats';

/** Sets up its own reminders in a database of its own: runs with `--without-national` too. */
export const needsNational = false;

const COUNT = Number(process.env.BENCH_G2_COUNT ?? 100_000);

/**
 * G2: `COUNT` (100,000) reminders due at one instant, ms from the instant until every one is in the in-app
 * inbox (its firing transaction committed: its in-app row). Floor: the ms from one instant until
 * `COUNT` bare BullMQ delayed jobs due at it are all processed by a worker that writes nothing (concurrency
 * 50), on the same Redis, in the same run: one bare job per reminder, as the engine used to have. The goal:
 * within 5 s, and at least 2× faster than the floor (ratio ≤ 0.5). The notifications service runs in this
 * process on the machine's Postgres, Redis and NATS, as for G1.
 */
export async function runG2(_options: GoalOptions): Promise<GoalResult> {
  const engine = await startReminderEngine();
  try {
    const { engineMs, delivered, floorMs, floorLateness } = await engine.burst(COUNT);
    const ratio = round(engineMs / Math.max(floorMs, 1), 2);
    return {
      goal: 'G2',
      figure: engineMs,
      unit: `ms for ${COUNT}`,
      floor: floorMs,
      ratio,
      target: '≤ 5000 ms and ≤ 0.5× floor',
      met: delivered === COUNT && engineMs <= 5_000 && ratio <= 0.5,
      detail: {
        delivered,
        count: COUNT,
        floorConcurrency: FLOOR_CONCURRENCY,
        floorP50: round(percentile(floorLateness, 50), 1),
        chunk: engine.config.firing.chunk,
        parallel: engine.config.firing.parallel,
        instantParallel: engine.config.firing.instantParallel,
      },
    };
  } finally {
    await engine.close();
  }
}
