/** How big a run is: `full` (npm run drills) or `ci` (the short version `nx test drills` runs). */
export type Scale = 'full' | 'ci';

export interface DrillContext {
  readonly scale: Scale;
  /** Writes one line of the drill's progress. */
  log(message: string): void;
}

/**
 * What a drill found. `sent`: what was handed to the system and acknowledged; `delivered`: arrived exactly
 * once; `duplicated`: arrivals beyond the first; `lost`: never arrived. `problems` lists every other broken
 * promise (a 5xx, a 503 without Retry-After, a refused request that wrote something…). A drill passes with
 * 0 lost, 0 duplicated and no problem.
 */
export interface DrillResult {
  readonly sent: number;
  readonly delivered: number;
  readonly duplicated: number;
  readonly lost: number;
  /** Further figures worth printing (what was disturbed, how often, how late). */
  readonly figures: Readonly<Record<string, string | number>>;
  readonly problems: readonly string[];
}

export interface Drill {
  /** Its name on the command line: `npm run drills -- <name>`. */
  readonly name: string;
  /** One line: what is disturbed, and what must hold. */
  readonly summary: string;
  run(context: DrillContext): Promise<DrillResult>;
}

export function passed(result: DrillResult): boolean {
  return result.lost === 0 && result.duplicated === 0 && result.problems.length === 0;
}

/** A figure that depends on the scale: `pick(scale, full, ci)`. */
export function sized<T>(scale: Scale, full: T, ci: T): T {
  return scale === 'full' ? full : ci;
}
