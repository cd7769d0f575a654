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
  /** The five apps on private servers, loaded by the national generator. */
  readonly stack: Stack;
  readonly national: NationalFacts;
}
