import {
  accountDelayMs,
  beginAttempt,
  clientKey,
  countAccountAttempt,
  failureDelayMs,
  lockedFrom,
  retryAfterSeconds,
  UNLOCKED,
  type AttemptState,
  type LockoutPolicy,
} from './lockout-policy';

const policy: LockoutPolicy = {
  maxFailedAttempts: 5,
  lockoutMs: 15 * 60_000,
  failureDelayMs: 1000,
  slowAfterFailures: 10,
};
const t0 = new Date('2024-03-01T09:00:00+08:00');
const at = (ms: number) => new Date(t0.getTime() + ms);

/** Plays `count` wrong passwords in a row, as AuthService does, and returns the state after them. */
function failTimes(count: number, from: AttemptState = UNLOCKED, now = t0): AttemptState {
  let state = from;
  for (let i = 0; i < count; i++) {
    const decision = beginAttempt(state, now, policy);
    if (!decision.allowed) throw new Error(`attempt ${i + 1} was refused`);
    state = decision.locksOnFailure ? lockedFrom(now, policy) : decision.state;
  }
  return state;
}

describe('lockout policy', () => {
  it('allows the first attempts and counts each one before the password is checked', () => {
    const first = beginAttempt(UNLOCKED, t0, policy);
    expect(first).toEqual({
      allowed: true,
      attempt: 1,
      locksOnFailure: false,
      state: { failedAttempts: 1, lockedUntil: null, lastAttemptAt: t0 },
    });
    const fourth = beginAttempt(failTimes(3), t0, policy);
    expect(fourth).toMatchObject({ allowed: true, attempt: 4, locksOnFailure: false });
  });

  it('locks at the fifth attempt already, before its password is checked (a correct one resets it)', () => {
    const fifth = beginAttempt(failTimes(4), t0, policy);
    expect(fifth).toEqual({
      allowed: true,
      attempt: 5,
      locksOnFailure: true,
      state: { failedAttempts: 5, lockedUntil: at(15 * 60_000), lastAttemptAt: t0 },
    });
  });

  it('refuses every attempt while locked, even one that would have had the right password', () => {
    const locked = failTimes(5);
    expect(locked).toEqual({ failedAttempts: 5, lockedUntil: at(15 * 60_000), lastAttemptAt: t0 });
    expect(beginAttempt(locked, at(1000), policy)).toEqual({ allowed: false, retryAfterSeconds: 899 });
    expect(beginAttempt(locked, at(15 * 60_000 - 1), policy)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('a burst of parallel guesses gets no more than the limit: the fifth holds the lock for the rest', () => {
    // Five attempts begin before any of their passwords has been checked.
    let state: AttemptState = UNLOCKED;
    const decisions = Array.from({ length: 20 }, () => {
      const decision = beginAttempt(state, t0, policy);
      if (decision.allowed) state = decision.state;
      return decision;
    });
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(5);
  });

  it('starts a fresh count once the lock has run out', () => {
    const locked = failTimes(5);
    const after = beginAttempt(locked, at(15 * 60_000), policy);
    expect(after).toEqual({
      allowed: true,
      attempt: 1,
      locksOnFailure: false,
      state: { failedAttempts: 1, lockedUntil: null, lastAttemptAt: at(15 * 60_000) },
    });
  });

  it('forgets failures older than the window: 4 failures, a quarter of an hour of quiet, then a fresh count', () => {
    expect(beginAttempt(failTimes(4), at(15 * 60_000 - 1), policy)).toMatchObject({ attempt: 5, locksOnFailure: true });
    expect(beginAttempt(failTimes(4), at(15 * 60_000), policy)).toMatchObject({ attempt: 1, locksOnFailure: false });
  });

  it('counts the account over every address without ever locking it, forgetting counts older than the window', () => {
    let account: AttemptState = UNLOCKED;
    for (let i = 0; i < 50; i++) account = countAccountAttempt(account, t0, policy);
    expect(account).toEqual({ failedAttempts: 50, lockedUntil: null, lastAttemptAt: t0 });
    expect(countAccountAttempt(account, at(15 * 60_000), policy).failedAttempts).toBe(1);
  });

  it('slows the account down past its threshold, doubling up to 30 s, and never before', () => {
    expect([9, 10, 11, 12, 13, 14].map((n) => accountDelayMs(n, policy))).toEqual([0, 0, 1000, 2000, 4000, 8000]);
    expect(accountDelayMs(16, policy)).toBe(30_000);
    expect(accountDelayMs(100_000, policy)).toBe(30_000);
    expect(accountDelayMs(50, { ...policy, failureDelayMs: 0 })).toBe(0);
  });

  it('counts IPv4 clients by address and IPv6 clients by their /64 network', () => {
    expect(clientKey('127.0.0.2')).toBe('127.0.0.2');
    expect(clientKey('::ffff:192.0.2.3')).toBe('192.0.2.3');
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
  });

  it('slows failures down progressively: none, then 1 s, 2 s, 4 s, and no wait for the locking one', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => failureDelayMs(attempt, policy))).toEqual([0, 1000, 2000, 4000, 0]);
    expect(failureDelayMs(3, { ...policy, failureDelayMs: 0 })).toBe(0);
    expect(failureDelayMs(50, { ...policy, maxFailedAttempts: 100 })).toBe(30_000);
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    expect(retryAfterSeconds(at(1500), t0)).toBe(2);
    expect(retryAfterSeconds(at(0), t0)).toBe(1);
    expect(retryAfterSeconds(at(-5000), t0)).toBe(1);
  });
});
