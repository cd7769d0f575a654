/**
 * Whether a due reminder waits for its source's events (issue 12, finding 8). The rule:
 * - the deadline's source consumer has applied everything the broker holds (`caught-up`): fire now;
 * - it has events pending or unacknowledged (`behind`), or the broker cannot say (`unknown`): hold, since a
 *   completion may be among them, and ask again a little later (sooner at first, at most every 15 s);
 * - never hold longer than `MAX_HOLD_MS` after the stage's instant: what cannot be known by then (a
 *   completion its service could not publish) is not waited for, and the reminder goes out late.
 */
export type BacklogState = 'caught-up' | 'behind' | 'unknown';

/** The longest a due reminder waits for its source's events to be applied. */
export const MAX_HOLD_MS = 10 * 60_000;

const RECHECK_MIN_MS = 1_000;
const RECHECK_MAX_MS = 15_000;

/** When to ask again about a reminder due at `fireAt`, or null to fire it now. */
export function holdUntil(state: BacklogState, fireAt: Date, now: Date): Date | null {
  const waited = now.getTime() - fireAt.getTime();
  if (state === 'caught-up' || waited >= MAX_HOLD_MS) return null;
  const recheck = Math.min(Math.max(waited / 4, RECHECK_MIN_MS), RECHECK_MAX_MS);
  return new Date(Math.min(now.getTime() + recheck, fireAt.getTime() + MAX_HOLD_MS));
}
