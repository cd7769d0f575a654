import type { GoalOptions, GoalResult } from '../goal';
import { startReminderEngine } from '../reminder-engine';
import { percentile, round } from '../stats';

/** Sets up its own reminders in a database of its own: runs with `--without-national` too. */
export const needsNational = false;

// 200 samples: the p99 of 30 was their largest, one hiccup of the machine (the floor swung 13–22 ms between runs).
const COUNT = Number(process.env.BENCH_G1_COUNT ?? 200);
const SPACING_MS = 200;

/**
 * G1: isolated reminder lateness, p99 (a reminder's in-app row's instant minus its planned instant), for
 * reminders 200 ms apart, each its own instant's timer. Floor: the lateness p99 of bare BullMQ delayed jobs
 * 200 ms apart on the same Redis, processed by a worker that writes nothing, measured in the same run.
 * The notifications service runs in this process on the machine's Postgres, Redis and NATS (not the stack's
 * app: the seeding and the stopwatch need its schema and its timers).
 */
export async function runG1(_options: GoalOptions): Promise<GoalResult> {
  const engine = await startReminderEngine();
  try {
    const { engine: late, floor } = await engine.isolated(COUNT, SPACING_MS);
    const figure = round(percentile(late, 99), 1);
    const floorP99 = round(percentile(floor, 99), 1);
    const ratio = round(figure / Math.max(floorP99, 1), 2);
    return {
      goal: 'G1',
      figure,
      unit: 'ms p99',
      floor: floorP99,
      ratio,
      target: 'p99 ≤ 50 ms and ≤ 1.2× floor',
      met: late.length === COUNT && figure <= 50 && ratio <= 1.2,
      detail: {
        delivered: late.length,
        count: COUNT,
        engineP50: round(percentile(late, 50), 1),
        floorP50: round(percentile(floor, 50), 1),
        redisHz: engine.redisHz,
      },
    };
  } finally {
    await engine.close();
  }
}
