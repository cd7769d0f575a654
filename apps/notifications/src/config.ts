import { baseEnvSchema, parseEnv, PlatformConfig, type Environment } from '@duban/platform';
import { z } from 'zod';

const notificationsEnvSchema = baseEnvSchema.extend({
  /** How often the reconciler re-arms missing timers and fires what was missed (at most every 30 s). */
  DUBAN_REMINDER_RECONCILE_MS: z.coerce.number().int().min(100).max(30_000).default(15_000),
  /** Reminders one worker process fires at once. */
  DUBAN_REMINDER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(50),
  /**
   * A stage whose instant passed less than this long before it was planned still fires (an event that
   * arrived a little late); older ones are recorded as skipped, so a late load never floods anyone.
   */
  DUBAN_REMINDER_LATE_GRACE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(900),
  /** How far ahead the reconciler keeps BullMQ timers armed; later reminders wait in Postgres. */
  DUBAN_REMINDER_ARM_AHEAD_HOURS: z.coerce.number().int().min(1).max(24 * 31).default(48),
  /** `false` runs no BullMQ worker and no reconciler in this process (an API-only replica). */
  DUBAN_REMINDER_WORKER: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .default(true),
});

/** The reminder engine's own settings, beside the platform ones. */
export class NotificationsConfig {
  constructor(
    readonly reconcileMs: number,
    readonly concurrency: number,
    readonly lateGraceMs: number,
    readonly armAheadMs: number,
    readonly worker: boolean,
  ) {}
}

/** Parses the whole environment in one pass, so every bad variable is reported together. */
export function loadNotificationsConfig(env: Environment): {
  platform: PlatformConfig;
  notifications: NotificationsConfig;
} {
  const parsed = parseEnv(notificationsEnvSchema, env);
  return {
    platform: new PlatformConfig('notifications', parsed),
    notifications: new NotificationsConfig(
      parsed.DUBAN_REMINDER_RECONCILE_MS,
      parsed.DUBAN_REMINDER_CONCURRENCY,
      parsed.DUBAN_REMINDER_LATE_GRACE_SECONDS * 1000,
      parsed.DUBAN_REMINDER_ARM_AHEAD_HOURS * 3_600_000,
      parsed.DUBAN_REMINDER_WORKER,
    ),
  };
}
