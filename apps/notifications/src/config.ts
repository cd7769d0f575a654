import { baseEnvSchema, parseEnv, PlatformConfig, type Environment } from '@duban/platform';
import { z } from 'zod';

const notificationsEnvSchema = baseEnvSchema.extend({
  /** How often the reconciler re-arms missing timers and fires what was missed (at most every 30 s). */
  DUBAN_REMINDER_RECONCILE_MS: z.coerce.number().int().min(100).max(30_000).default(15_000),
  /**
   * BullMQ jobs one worker process handles at once. Firing jobs wait in the firing batcher (below), not on a
   * database connection each, so this may well exceed the pool.
   */
  DUBAN_REMINDER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(200),
  /**
   * Reminders falling due together are fired in batches, one transaction each: at most this many per
   * batch, at most `DUBAN_REMINDER_FIRE_PARALLEL` batches at once per process (they share the pool of 10).
   */
  DUBAN_REMINDER_FIRE_BATCH: z.coerce.number().int().min(1).max(1000).default(100),
  DUBAN_REMINDER_FIRE_PARALLEL: z.coerce.number().int().min(1).max(8).default(4),
  /**
   * An instant's reminders are claimed and delivered set-wise, in chunks of at most this many reminders per
   * transaction (`DUBAN_REMINDER_INSTANT_PARALLEL` chunks at once): few statements per chunk, whatever its size.
   */
  DUBAN_REMINDER_INSTANT_CHUNK: z.coerce.number().int().min(1).max(50_000).default(5_000),
  /**
   * An instant's chunks claimed at once, after its first. Two keep node and Postgres both busy (one chunk in
   * each) on two cores; more only make the claims skip one another's locked rows: Postgres CPU per reminder
   * 68–71 µs at 2 against 89–101 µs at 4 (issue 17, G2, `profile-g2.ts --count 40000`). Apart from
   * `DUBAN_REMINDER_FIRE_PARALLEL`, which bounds the per-reminder batches of isolated reminders (G1).
   */
  DUBAN_REMINDER_INSTANT_PARALLEL: z.coerce.number().int().min(1).max(8).default(2),
  /**
   * A programme's new reminder policy re-plans its open milestones in batches of this many deadlines, a few
   * statements each: big enough that a national programme takes a few dozen, small enough that one batch's rows
   * stay a few MB in memory.
   */
  DUBAN_REMINDER_REPLAN_BATCH: z.coerce.number().int().min(1).max(50_000).default(2_000),
  /**
   * A stage whose instant passed less than this long before it was planned still fires (an event that
   * arrived a little late); older ones are recorded as skipped, so a late load never floods anyone.
   */
  DUBAN_REMINDER_LATE_GRACE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(900),
  /** How far ahead the reconciler keeps BullMQ timers armed; later reminders wait in Postgres. */
  DUBAN_REMINDER_ARM_AHEAD_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 31)
    .default(48),
  /** `false` runs no BullMQ worker and no reconciler in this process (an API-only replica). */
  DUBAN_REMINDER_WORKER: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .default(true),
  /** SMTP server for e-mail reminders (`smtp://host:port`, `smtps://user:pass@host`); unset: no e-mail is sent. */
  DUBAN_SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'an smtp:// or smtps:// URL' }).optional(),
  DUBAN_SMTP_FROM: z.string().min(3).default('督办系统 <duban@example.invalid>'),
  /**
   * SMS through Aliyun's SMS API (dysmsapi SendSms): off unless the AccessKey pair is set. The endpoint is
   * https (plain http only to 127.0.0.1: a test's fake gateway).
   */
  DUBAN_SMS_ENDPOINT: z
    .url({ protocol: /^https?$/, error: 'an https:// URL' })
    .refine((value) => value.startsWith('https://') || new URL(value).hostname === '127.0.0.1', {
      message: 'https only (http only to 127.0.0.1)',
    })
    .default('https://dysmsapi.aliyuncs.com/'),
  DUBAN_SMS_ACCESS_KEY_ID: z.string().min(1).optional(),
  DUBAN_SMS_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  /** 签名: the approved signature name, shown as 【…】 before every message. */
  DUBAN_SMS_SIGN_NAME: z.string().min(2).max(12).default('督办系统'),
  /** 短信模板: the approved template's code, and its text as approved (variables `${count}`, `${title}`). */
  DUBAN_SMS_TEMPLATE_CODE: z
    .string()
    .regex(/^SMS_\d+$/, 'an Aliyun template code, SMS_ followed by digits')
    .default('SMS_000000000'),
  DUBAN_SMS_TEMPLATE: z.string().min(1).default('您有${count}项督办事项：${title}，请及时登录督办系统处理。'),
  /** Aliyun's limits: each variable's value, and the whole message with its signature, in characters. */
  DUBAN_SMS_PARAM_MAX_CHARS: z.coerce.number().int().min(1).max(500).default(35),
  DUBAN_SMS_MAX_CHARS: z.coerce.number().int().min(10).max(1000).default(500),
  /** A digest waits this long after its instant for the other reminders of that instant to join it. */
  DUBAN_DIGEST_GATHER_MS: z.coerce.number().int().min(0).max(300_000).default(5_000),
  /** Attempts of one e-mail or webhook message before it is recorded as failed. */
  DUBAN_DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  /** Wait before the 2nd attempt; doubles for each further one. */
  DUBAN_DELIVERY_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
  /** How long one SMTP or webhook call may take. */
  DUBAN_DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** Tests only: webhooks may reach loopback (http or https, or a name resolving to loopback); never a private range. */
  DUBAN_WEBHOOK_ALLOW_LOOPBACK_HTTP: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .default(false),
});

/** The SMS gateway (Aliyun SMS) and its template; null credentials: SMS is off. */
export interface SmsConfig {
  readonly endpoint: string;
  readonly accessKeyId: string | null;
  readonly accessKeySecret: string | null;
  readonly signName: string;
  readonly templateCode: string;
  readonly template: string;
  readonly paramMaxChars: number;
  readonly maxChars: number;
}

/** E-mail, webhook and SMS delivery settings. */
export interface DeliveryConfig {
  readonly sms: SmsConfig;
  readonly smtpUrl: string | null;
  readonly smtpFrom: string;
  readonly gatherMs: number;
  readonly maxAttempts: number;
  readonly retryBaseMs: number;
  readonly timeoutMs: number;
  readonly allowLoopbackHttp: boolean;
}

/** The reminder engine's own settings, beside the platform ones. */
export class NotificationsConfig {
  constructor(
    readonly reconcileMs: number,
    readonly concurrency: number,
    /**
     * Firing: the most reminders in one transaction of per-reminder firing (`batch`) and of an instant's
     * set-wise firing (`chunk`), and the most such transactions at once (`parallel` batches, `instantParallel`
     * chunks of one instant).
     */
    readonly firing: {
      readonly batch: number;
      readonly chunk: number;
      readonly parallel: number;
      readonly instantParallel: number;
    },
    readonly lateGraceMs: number,
    readonly armAheadMs: number,
    /** Deadlines per batch of a programme's re-plan on a new policy (`ProgrammePolicyReplanning`). */
    readonly replanBatch: number,
    readonly worker: boolean,
    readonly delivery: DeliveryConfig,
  ) {}

  /**
   * The end of a timer's reach from `now` (`armAheadMs` on): reminders due by then have their timers armed and
   * their words written.
   */
  reachFrom(now: Date): Date {
    return new Date(now.getTime() + this.armAheadMs);
  }
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
      {
        batch: parsed.DUBAN_REMINDER_FIRE_BATCH,
        chunk: parsed.DUBAN_REMINDER_INSTANT_CHUNK,
        parallel: parsed.DUBAN_REMINDER_FIRE_PARALLEL,
        instantParallel: parsed.DUBAN_REMINDER_INSTANT_PARALLEL,
      },
      parsed.DUBAN_REMINDER_LATE_GRACE_SECONDS * 1000,
      parsed.DUBAN_REMINDER_ARM_AHEAD_HOURS * 3_600_000,
      parsed.DUBAN_REMINDER_REPLAN_BATCH,
      parsed.DUBAN_REMINDER_WORKER,
      {
        smtpUrl: parsed.DUBAN_SMTP_URL ?? null,
        smtpFrom: parsed.DUBAN_SMTP_FROM,
        gatherMs: parsed.DUBAN_DIGEST_GATHER_MS,
        maxAttempts: parsed.DUBAN_DELIVERY_MAX_ATTEMPTS,
        retryBaseMs: parsed.DUBAN_DELIVERY_RETRY_BASE_MS,
        timeoutMs: parsed.DUBAN_DELIVERY_TIMEOUT_MS,
        allowLoopbackHttp: parsed.DUBAN_WEBHOOK_ALLOW_LOOPBACK_HTTP,
        sms: {
          endpoint: parsed.DUBAN_SMS_ENDPOINT,
          accessKeyId: parsed.DUBAN_SMS_ACCESS_KEY_ID ?? null,
          accessKeySecret: parsed.DUBAN_SMS_ACCESS_KEY_SECRET ?? null,
          signName: parsed.DUBAN_SMS_SIGN_NAME,
          templateCode: parsed.DUBAN_SMS_TEMPLATE_CODE,
          template: parsed.DUBAN_SMS_TEMPLATE,
          paramMaxChars: parsed.DUBAN_SMS_PARAM_MAX_CHARS,
          maxChars: parsed.DUBAN_SMS_MAX_CHARS,
        },
      },
    ),
  };
}
