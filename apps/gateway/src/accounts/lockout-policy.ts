/**
 * How failed logins slow down and lock. Pure: the login-attempts service applies it under row locks.
 *
 * The lock is per account AND client address: `maxFailedAttempts` wrong passwords from one address within
 * `lockoutMs` lock that pair only, for `lockoutMs`. Locking the account itself would let anyone keep its
 * owner out forever with a few guesses every quarter of an hour; as it is, the owner logs in from their own
 * address whatever others try. Beside it, a wider count per account (every address) only SLOWS: past
 * `slowAfterFailures` failures in a row, every attempt on the account waits an exponentially growing delay
 * (capped) before its password is checked, so a guesser spread over many addresses is slowed, and the owner
 * is delayed, never refused. The per-address login rate limit (login-rate-limit.ts) bounds each address.
 *
 * An attempt is counted when it starts, before its password is checked, and the attempt that reaches the
 * limit locks its pair at once (provisionally; a correct password lifts it). So a burst of parallel guesses
 * gets at most `maxFailedAttempts` password checks per address, and a crash between counting and checking
 * can never leave a pair counted to the limit but unlocked. A successful login resets its pair and the
 * account's count.
 */
export interface LockoutPolicy {
  /** Failures from one address, within `lockoutMs`, that lock the account for that address. */
  readonly maxFailedAttempts: number;
  /** How long a lock lasts; also the window failures count in (older ones are forgotten). */
  readonly lockoutMs: number;
  /** Delay before answering an address's second failure; it doubles with each further one. 0: no delay. */
  readonly failureDelayMs: number;
  /** Failures in a row on the account, from every address, after which each attempt is slowed down. */
  readonly slowAfterFailures: number;
}

/** The failures counted for one account and client address, or for the account as a whole. */
export interface AttemptState {
  readonly failedAttempts: number;
  /** Only a pair is ever locked; the account's own count has none. */
  readonly lockedUntil: Date | null;
  /** When the last attempt was counted: a count older than the window starts afresh. */
  readonly lastAttemptAt: Date | null;
}

export type AttemptDecision =
  | { readonly allowed: false; readonly retryAfterSeconds: number }
  | {
      readonly allowed: true;
      /** 1 for the first attempt from this address since its last success (or since its count lapsed). */
      readonly attempt: number;
      /** A wrong password on this attempt locks the account for this address. */
      readonly locksOnFailure: boolean;
      /** What to store for the pair before the password is checked. */
      readonly state: AttemptState;
    };

/** The longest single delay, whatever the settings: beyond this the lock and the rate limit do the work. */
const MAX_DELAY_MS = 30_000;

export const UNLOCKED: AttemptState = { failedAttempts: 0, lockedUntil: null, lastAttemptAt: null };

/** Whether a count has lapsed: its lock ran out, or its last attempt is older than the window. */
function lapsed(current: AttemptState, now: Date, policy: LockoutPolicy): boolean {
  if (current.lockedUntil) return true;
  return current.lastAttemptAt !== null && now.getTime() - current.lastAttemptAt.getTime() >= policy.lockoutMs;
}

/** An attempt from one address on one account: refused while the pair is locked, else counted. */
export function beginAttempt(current: AttemptState, now: Date, policy: LockoutPolicy): AttemptDecision {
  if (current.lockedUntil && current.lockedUntil > now) {
    return { allowed: false, retryAfterSeconds: retryAfterSeconds(current.lockedUntil, now) };
  }
  const attempt = (lapsed(current, now, policy) ? 0 : current.failedAttempts) + 1;
  const locksOnFailure = attempt >= policy.maxFailedAttempts;
  return {
    allowed: true,
    attempt,
    locksOnFailure,
    state: {
      failedAttempts: attempt,
      lockedUntil: locksOnFailure ? lockedFrom(now, policy).lockedUntil : null,
      lastAttemptAt: now,
    },
  };
}

/** The account's count (every address) after one more attempt: never locked, only counted. */
export function countAccountAttempt(current: AttemptState, now: Date, policy: LockoutPolicy): AttemptState {
  const lapsedCount =
    current.lastAttemptAt !== null && now.getTime() - current.lastAttemptAt.getTime() >= policy.lockoutMs;
  return { failedAttempts: (lapsedCount ? 0 : current.failedAttempts) + 1, lockedUntil: null, lastAttemptAt: now };
}

/** The pair's state after the locking attempt failed: locked for the whole lockout from that moment. */
export function lockedFrom(now: Date, policy: LockoutPolicy): AttemptState & { lockedUntil: Date } {
  return {
    failedAttempts: policy.maxFailedAttempts,
    lockedUntil: new Date(now.getTime() + policy.lockoutMs),
    lastAttemptAt: now,
  };
}

/**
 * How long to hold the answer to a failed attempt from an address: nothing for the first, then
 * `failureDelayMs` doubling (1 s, 2 s, 4 s with the defaults), and nothing for the attempt that locks the
 * pair (its answer says when to return).
 */
export function failureDelayMs(attempt: number, policy: LockoutPolicy): number {
  if (attempt < 2 || attempt >= policy.maxFailedAttempts || policy.failureDelayMs === 0) return 0;
  return Math.min(policy.failureDelayMs * 2 ** (attempt - 2), MAX_DELAY_MS);
}

/**
 * How long an attempt on the account waits before its password is checked, right or wrong, from any
 * address, given the account's count including this attempt: nothing up to `slowAfterFailures`, then
 * `failureDelayMs` doubling with each further attempt, at most 30 s. Waiting before the check (not only on
 * failure) means a guesser cannot tell a wrong password by an early answer and move on.
 */
export function accountDelayMs(accountAttempts: number, policy: LockoutPolicy): number {
  const over = accountAttempts - policy.slowAfterFailures;
  if (over < 1 || policy.failureDelayMs === 0) return 0;
  return Math.min(policy.failureDelayMs * 2 ** Math.min(over - 1, 30), MAX_DELAY_MS);
}

/** Whole seconds until `until`, at least 1 (the value of a Retry-After header). */
export function retryAfterSeconds(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/**
 * The client address a lock and the login rate limit count by: an IPv4 address as it is (also when it
 * arrives IPv4-mapped, `::ffff:a.b.c.d`), an IPv6 address by its /64 network — one subscriber usually holds a
 * whole /64, so counting single IPv6 addresses would let one guesser take a fresh address per guess.
 */
export function clientKey(address: string): string {
  const bare = address.split('%')[0] ?? address;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  if (mapped) return mapped[1] as string;
  if (!bare.includes(':')) return bare;
  const groupsOf = (text: string) =>
    text === ''
      ? []
      : text.split(':').flatMap((group) => {
          if (!group.includes('.')) return [group];
          const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
          return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
        });
  const [headText = '', tailText] = bare.split('::');
  const head = groupsOf(headText);
  const tail = tailText === undefined ? [] : groupsOf(tailText);
  const groups = [...head, ...Array<string>(Math.max(0, 8 - head.length - tail.length)).fill('0'), ...tail];
  const network = groups.slice(0, 4).map((group) => (Number.parseInt(group, 16) || 0).toString(16));
  return `${network.join(':')}::/64`;
}
