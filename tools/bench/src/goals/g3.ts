import {
  benchEnvironment,
  measureBarePipeline,
  measureEventPipeline,
  type Throughput,
} from '../../../../libs/platform/bench/event-pipeline';
import type { GoalOptions, GoalResult } from '../goal';
import { bestRound, medianPerSecond, round } from '../stats';

/** Sets up its own load in a private schema, stream and queue prefix: runs with `--without-national` too. */
export const needsNational = false;

const EVENTS = Number(process.env.BENCH_G3_EVENTS ?? 20_000);
const AGGREGATES = Number(process.env.BENCH_G3_AGGREGATES ?? 50);
/**
 * Rounds, alternating pipeline and floor so that both see the machine's load alike; the best of each counts,
 * and the detail keeps every round (and each side's median).
 */
const ROUNDS = Number(process.env.BENCH_G3_ROUNDS ?? 3);

/**
 * G3: events per second through the real pipeline (outbox → relay → JetStream → durable consumer with its
 * inbox, each event a row in Postgres and a BullMQ job armed after the commit, exactly once) beside a bare
 * JetStream → Postgres → BullMQ pipeline carrying the same events to the same effects, the messages at hand
 * in one multi-row INSERT and one addBulk, with none of the guarantees (libs/platform/bench/event-pipeline.ts).
 * Both on the machine's Postgres, NATS and Redis; the stack the runner started sits idle meanwhile.
 */
export async function runG3(_options: GoalOptions): Promise<GoalResult> {
  const environment = benchEnvironment();
  const load = { events: EVENTS, aggregates: AGGREGATES };
  const pipelineRounds: Throughput[] = [];
  const floorRounds: Throughput[] = [];
  // A short warm-up of each, not counted: the first run of a path pays for loading and compiling it.
  const warmUp = { events: 1_000, aggregates: AGGREGATES };
  await measureEventPipeline(environment, warmUp);
  await measureBarePipeline(environment, warmUp);
  for (let i = 0; i < ROUNDS; i++) {
    pipelineRounds.push(await measureEventPipeline(environment, load));
    floorRounds.push(await measureBarePipeline(environment, load, 'batched'));
  }
  // For comparison only, once and on 5,000 events (at a few hundred a second under load, 20,000 take minutes):
  // the bare tools one message at a time (each row its own commit).
  const oneAtATime = await measureBarePipeline(
    environment,
    { events: Math.min(EVENTS, 5_000), aggregates: AGGREGATES },
    'one at a time',
  );
  const figure = bestRound(pipelineRounds).perSecond;
  const floor = bestRound(floorRounds).perSecond;
  const ratio = round(figure / floor, 3);
  return {
    goal: 'G3',
    figure,
    unit: 'events/s',
    floor,
    ratio,
    target: '≥ 1.0× floor, exactly once',
    // Every round checked its effects: each event's row and job once (a run that lost or doubled one throws).
    met: ratio >= 1,
    detail: {
      load,
      pipeline: pipelineRounds,
      floor: floorRounds,
      medianRatio: round(medianPerSecond(pipelineRounds) / medianPerSecond(floorRounds), 3),
      // Not the floor: the bare tools carrying one message at a time (each row its own commit), for comparison.
      bareOneAtATime: oneAtATime,
      bareOneAtATimeRatio: round(figure / oneAtATime.perSecond, 3),
    },
  };
}
