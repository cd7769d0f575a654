import { isDatabaseUnavailable } from './database-unavailable';

export interface RetryWhileUnavailable {
  /** How long to wait before each new try. */
  readonly everyMs: number;
  /** No try starts after this instant (ms since the epoch, on `now`'s clock). */
  readonly untilMs: number;
  readonly now: () => number;
  /** Called once when the work is given up: a failure other than the database being out of reach, or time up. */
  readonly onGiveUp: (error: unknown) => void;
}

/**
 * Tries `work` again in the background, every `everyMs`, for as long as it fails because the database is out
 * of reach: for a write that must follow one already committed (ending an idempotency claim, storing a
 * committed write's answer), which an outage starting in between would otherwise leave undone. The timers
 * never keep the process alive.
 */
export function retryWhenDatabaseBack(work: () => Promise<void>, options: RetryWhileUnavailable): void {
  const retry = setTimeout(() => {
    work().catch((error: unknown) => {
      if (isDatabaseUnavailable(error) && options.now() < options.untilMs) retryWhenDatabaseBack(work, options);
      else options.onGiveUp(error);
    });
  }, options.everyMs);
  retry.unref();
}
