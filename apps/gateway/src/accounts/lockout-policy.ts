/**
 * How failed logins slow down and then lock an account. Pure: the repository applies it under a row lock.
 *
 * An attempt is counted when it starts, before its password is checked, and the attempt that reaches the
 * limit locks the account at once (provisionally; a correct password lifts it). So a burst of parallel
 * guesses gets at most `maxFailedAttempts` password checks, and a crash between counting and checking can
 * never leave an account counted to the limit but unlocked. A successful login resets the count.
 */
export interface LockoutPolicy {
  /** Consecutive failures that lock the account. */
  readonly maxFailedAttempts: number;
  readonly lockoutMs: number;
  /** Delay before answering the second failure; it doubles with each further one. 0: no delay. */
  readonly failureDelayMs: number;
}

export interface AttemptState {
  readonly failedAttempts: number;
  readonly lockedUntil: Date | null;
}

export type AttemptDecision =
  | { readonly allowed: false; readonly retryAfterSeconds: number }
  | {
      readonly allowed: true;
      /** 1 for the first attempt since the last success (or since a lock ran out). */
      readonly attempt: number;
      /** A wrong password on this attempt locks the account. */
      readonly locksOnFailure: boolean;
      /** What to store before the password is checked. */
      readonly state: AttemptState;
    };

/** The longest single delay, whatever the settings: beyond this the lock does the work. */
const MAX_DELAY_MS = 30_000;

export const UNLOCKED: AttemptState = { failedAttempts: 0, lockedUntil: null };

export function beginAttempt(current: AttemptState, now: Date, policy: LockoutPolicy): AttemptDecision {
  if (current.lockedUntil && current.lockedUntil > now) {
    return { allowed: false, retryAfterSeconds: retryAfterSeconds(current.lockedUntil, now) };
  }
  // A lock that has run out starts a fresh count.
  const attempt = (current.lockedUntil ? 0 : current.failedAttempts) + 1;
  const locksOnFailure = attempt >= policy.maxFailedAttempts;
  return {
    allowed: true,
    attempt,
    locksOnFailure,
    state: { failedAttempts: attempt, lockedUntil: locksOnFailure ? lockedFrom(now, policy).lockedUntil : null },
  };
}

/** The state after the locking attempt failed: locked for the whole lockout from that moment. */
export function lockedFrom(now: Date, policy: LockoutPolicy): AttemptState & { lockedUntil: Date } {
  return { failedAttempts: policy.maxFailedAttempts, lockedUntil: new Date(now.getTime() + policy.lockoutMs) };
}

/**
 * How long to hold the answer to a failed attempt: nothing for the first, then `failureDelayMs` doubling
 * (1 s, 2 s, 4 s with the defaults), and nothing for the attempt that locks (its answer says when to return).
 */
export function failureDelayMs(attempt: number, policy: LockoutPolicy): number {
  if (attempt < 2 || attempt >= policy.maxFailedAttempts || policy.failureDelayMs === 0) return 0;
  return Math.min(policy.failureDelayMs * 2 ** (attempt - 2), MAX_DELAY_MS);
}

/** Whole seconds until `until`, at least 1 (the value of a Retry-After header). */
export function retryAfterSeconds(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}
