import { z } from 'zod';

/** Raised when the environment is invalid; its message lists every bad variable, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = z.coerce.number().int().positive();

/** Variables every Duban process reads. Defaults work on a developer's machine with local services. */
export const baseEnvSchema = z.object({
  DUBAN_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://postgres@127.0.0.1:5432/duban'),
  /** One server, or a comma-separated list of a cluster's servers. */
  DUBAN_NATS_URL: z
    .string()
    .refine(
      (value) => value.split(',').every((part) => z.url({ protocol: /^(nats|tls)$/ }).safeParse(part.trim()).success),
      'expected nats://host:port, or a comma-separated list of them',
    )
    .default('nats://127.0.0.1:4222'),
  DUBAN_REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  DUBAN_NAMESPACE: z
    .string()
    .regex(/^([a-z][a-z0-9]{0,23})?$/, 'lowercase letters and digits, starting with a letter, at most 24')
    .default(''),
  DUBAN_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DUBAN_LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  DUBAN_DEMO: flag.default(false),
  /** With DUBAN_DEMO: also the live demo, the programme of the current year placed around today. */
  DUBAN_DEMO_LIVE: flag.default(false),
  DUBAN_STREAM_DUPLICATE_WINDOW_SECONDS: positiveInt.default(120),
  DUBAN_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  DUBAN_OUTBOX_POLL_MS: positiveInt.default(1000),
  DUBAN_OUTBOX_BATCH_SIZE: positiveInt.max(1000).default(500),
  DUBAN_CONSUMER_MAX_DELIVER: positiveInt.max(100).default(8),
  DUBAN_CONSUMER_RETRY_DELAY_MS: positiveInt.default(1000),
  DUBAN_RPC_TIMEOUT_MS: positiveInt.default(5000),
  /**
   * Retention (see the README's "Retention"). Published outbox rows are kept 7 days (a relay needs none of
   * them; they help to trace an event). Inbox rows are kept 30 days and never less than the stream keeps
   * its messages: a consumer recreated from the stream's start must still find what it handled. Streams
   * keep messages 30 days. Dead letters are never pruned automatically, audit rows never at all.
   */
  DUBAN_OUTBOX_RETENTION_DAYS: positiveInt.default(7),
  DUBAN_INBOX_RETENTION_DAYS: positiveInt.default(30),
  DUBAN_STREAM_MAX_AGE_DAYS: positiveInt.default(30),
  /** How often the relay host prunes the outbox and inbox, and how many rows one DELETE takes. */
  DUBAN_PRUNE_INTERVAL_SECONDS: positiveInt.default(3600),
  DUBAN_PRUNE_BATCH_SIZE: positiveInt.max(100_000).default(1000),
  /** NATS login (deploy/nats): user (default: the process's name) and password, or a .creds file. */
  DUBAN_NATS_USER: z.string().optional(),
  DUBAN_NATS_PASSWORD: z.string().optional(),
  DUBAN_NATS_CREDS: z.string().optional(),
  /** Signs the actor of every RPC (HMAC-SHA256), shared by the gateway and the services. Required in production. */
  DUBAN_RPC_SIGNING_KEY: z.string().min(32, 'at least 32 characters').optional(),
  /** A service's HTTP port for probes (/live, /ready; deploy/k8s). Unset: no port opened. */
  DUBAN_HEALTH_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /**
   * Tests only (refused in production): the clock runs this many milliseconds ahead of (or behind) the
   * machine's, in every process started with it, so an end-to-end test can live on a chosen day.
   */
  DUBAN_TEST_CLOCK_OFFSET_MS: z.coerce.number().int().default(0),
  /** `production` makes the secrets above required instead of defaulted. */
  NODE_ENV: z.string().optional(),
});
export type BaseEnv = z.infer<typeof baseEnvSchema>;

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Parses the environment once. An empty string counts as unset, so `VAR=` falls back to its default.
 * Every invalid variable is reported, not only the first.
 */
export function parseEnv<S extends z.ZodObject>(schema: S, env: Environment): z.infer<S> {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`));
}
