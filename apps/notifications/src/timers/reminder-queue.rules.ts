import type { JobsOptions } from 'bullmq';

/**
 * The reminder engine's BullMQ vocabulary, in one place. BullMQ holds timers only: the truth is the
 * reminder row in Postgres, which every handler re-reads (DESIGN rule 5).
 */

/** The queue's name lives in Redis (under the namespace's prefix): it is stable. */
export const REMINDER_QUEUE = 'reminders';

/** Job names. Stable too: they are stored with every job. */
export enum ReminderJob {
  /**
   * Every reminder planned at one instant (issue 17, G2): one timer per instant, whatever the number of
   * reminders falling due at it, fired set-wise.
   */
  FireInstant = 'fire-instant',
  /** One reminder row: the timers armed before instants had theirs; still handled, so none is lost on upgrade. */
  Fire = 'fire-reminder',
  /** One attempt of one e-mail or webhook message (a digest). */
  SendOutbound = 'send-outbound',
}

/** Payloads carry ids only (STYLE "Queues"); the discriminated union grows with the job names. */
export type ReminderJobPayload =
  | { readonly name: ReminderJob.FireInstant; readonly data: { readonly at: number } }
  | { readonly name: ReminderJob.Fire; readonly data: { readonly reminderId: string; readonly version: number } }
  | {
      readonly name: ReminderJob.SendOutbound;
      readonly data: { readonly outboundId: string; readonly attempt: number };
    };

export type JobData<N extends ReminderJob> = Extract<ReminderJobPayload, { name: N }>['data'];

/**
 * Deterministic job id of one instant's timer (milliseconds since the epoch): arming it again for another
 * reminder of the same instant is a no-op, and a cancelled reminder leaves it for the others.
 */
export function instantJobId(at: Date): string {
  return `instant-${at.getTime()}`;
}

/**
 * An instant's timer wakes this much before its instant, and the worker waits out the rest on a local timer.
 * BullMQ starts a delayed job some 5–20 ms after it is due (Redis wakes its blocked clients on its own clock,
 * `hz`), so a timer due exactly at the instant would start every firing that much late; one waking early
 * and a `setTimeout` start it within a millisecond or two (issue 17, G1). Firing still refuses to fire
 * before the instant: this only moves when the worker is ready.
 */
export const INSTANT_WAKE_LEAD_MS = 25;

/** The delay to give an instant's timer armed at `now` (ms since the epoch): the instant less the lead. */
export function instantWakeDelay(at: Date, now: number): number {
  return Math.max(0, at.getTime() - INSTANT_WAKE_LEAD_MS - now);
}

/** Deterministic job id of one reminder row at one version (BullMQ ids may not contain ':'). */
export function reminderJobId(reminderId: string, version: number): string {
  return `${reminderId}-v${version}`;
}

/** Deterministic job id of one attempt of one outbound message: `<outbound>-a<attempt>`. */
export function outboundJobId(outboundId: string, attempt: number): string {
  return `${outboundId}-a${attempt}`;
}

/**
 * Redis key prefix of the namespace's queues, so a test run (or a second deployment on the same Redis)
 * never sees another's jobs, and can delete exactly its own keys.
 */
export function queuePrefix(namespace: string): string {
  return namespace ? `duban:${namespace}` : 'duban';
}

/** Defaults for every reminder timer: a failing handler retries with backoff; done jobs leave no trace. */
export const REMINDER_JOB_OPTIONS: JobsOptions = Object.freeze({
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
});
