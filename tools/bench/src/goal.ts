import type { Stack } from '../../drills/src/system/stack';
import type { NationalFacts } from './national';

/** What every goal module returns (`runG<n>(options)`): its figure beside the floor measured in the same run. */
export interface GoalResult {
  readonly goal: string;
  readonly figure: number;
  readonly unit: string;
  readonly floor: number;
  /** figure / floor. */
  readonly ratio: number;
  /** The goal as the issue states it, e.g. "p95 ≤ 20 ms". */
  readonly target: string;
  readonly met: boolean;
  readonly detail?: object;
}

/** What the runner hands every goal: the whole system at national scale, when the goal needs it. */
export interface GoalOptions {
  /** The five apps on private servers, loaded by the national generator (unless `--without-national`). */
  readonly stack: Stack;
  /** Undefined when the runner skipped the generator (`--without-national`): only goals that do not need it ran. */
  readonly national: NationalFacts | undefined;
}

/**
 * A goal module exports `runG<n>(options)` and, when it sets up its own load and reads nothing the national
 * generator wrote, `export const needsNational = false` (so `--without-national` can run it in minutes).
 */
export interface GoalModule {
  readonly needsNational?: boolean;
}

/** The national facts, for a goal that needs them (the runner never skips the generator for such a goal). */
export function requireNational(options: GoalOptions): NationalFacts {
  if (!options.national) throw new Error('this goal needs the national generator (run it without --without-national)');
  return options.national;
}
