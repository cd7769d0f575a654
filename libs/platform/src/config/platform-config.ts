import type { ServiceName } from '@duban/contracts';
import { baseEnvSchema, ConfigError, parseEnv, type BaseEnv, type Environment } from './env';
import { messagingSecurity, type NatsSettings, type RpcSigningSettings } from './messaging-security';

const DAY_MS = 24 * 60 * 60 * 1000;

export type ProcessName = ServiceName | 'gateway' | 'tools';

/**
 * The typed configuration every Duban process shares, parsed once at start and injected by class.
 * Nothing else in the code reads `process.env`.
 */
export class PlatformConfig {
  readonly database: { readonly url: string; readonly schema: string };
  readonly nats: NatsSettings;
  /** Signs and checks the actor of every RPC (transport/actor-signature.ts). */
  readonly rpcSigning: RpcSigningSettings;
  readonly redis: { readonly url: string };
  readonly namespace: string;
  readonly log: { readonly level: BaseEnv['DUBAN_LOG_LEVEL']; readonly pretty: boolean };
  readonly demo: boolean;
  /** DUBAN_DEMO_LIVE (with DUBAN_DEMO): the demo programme also runs this year, around today (`npm start`). */
  readonly demoLive: boolean;
  /** Tests only: how far the process's clock runs from the machine's (DUBAN_TEST_CLOCK_OFFSET_MS). */
  readonly clockOffsetMs: number;
  /** NODE_ENV=production: secrets required, and unsafe settings refused at start (production/). */
  readonly production: boolean;
  /** DUBAN_HEALTH_PORT: a service's HTTP port for orchestrators' probes (service/health-endpoint.ts). */
  readonly healthPort: number | undefined;
  readonly messaging: {
    readonly stream: { readonly duplicateWindowMs: number; readonly replicas: number; readonly maxAgeMs: number };
    readonly outboxPollMs: number;
    readonly outboxBatchSize: number;
    readonly maxDeliver: number;
    readonly retryDelayMs: number;
    readonly rpcTimeoutMs: number;
  };
  /** How long the messaging tables keep what they no longer need, and how the relay host prunes them. */
  readonly retention: {
    readonly outboxMs: number;
    readonly inboxMs: number;
    readonly pruneIntervalMs: number;
    readonly pruneBatchSize: number;
  };

  constructor(
    readonly process: ProcessName,
    env: BaseEnv,
  ) {
    this.database = { url: env.DUBAN_DATABASE_URL, schema: process };
    ({ nats: this.nats, rpcSigning: this.rpcSigning } = messagingSecurity(env, process));
    this.redis = { url: env.DUBAN_REDIS_URL };
    this.namespace = env.DUBAN_NAMESPACE;
    this.log = { level: env.DUBAN_LOG_LEVEL, pretty: env.DUBAN_LOG_FORMAT === 'pretty' };
    this.demo = env.DUBAN_DEMO;
    this.demoLive = env.DUBAN_DEMO && env.DUBAN_DEMO_LIVE;
    this.clockOffsetMs = env.DUBAN_TEST_CLOCK_OFFSET_MS;
    this.production = env.NODE_ENV === 'production';
    this.healthPort = env.DUBAN_HEALTH_PORT;
    this.messaging = {
      stream: {
        duplicateWindowMs: env.DUBAN_STREAM_DUPLICATE_WINDOW_SECONDS * 1000,
        replicas: env.DUBAN_STREAM_REPLICAS,
        maxAgeMs: env.DUBAN_STREAM_MAX_AGE_DAYS * DAY_MS,
      },
      outboxPollMs: env.DUBAN_OUTBOX_POLL_MS,
      outboxBatchSize: env.DUBAN_OUTBOX_BATCH_SIZE,
      maxDeliver: env.DUBAN_CONSUMER_MAX_DELIVER,
      retryDelayMs: env.DUBAN_CONSUMER_RETRY_DELAY_MS,
      rpcTimeoutMs: env.DUBAN_RPC_TIMEOUT_MS,
    };
    this.retention = {
      outboxMs: env.DUBAN_OUTBOX_RETENTION_DAYS * DAY_MS,
      inboxMs: env.DUBAN_INBOX_RETENTION_DAYS * DAY_MS,
      pruneIntervalMs: env.DUBAN_PRUNE_INTERVAL_SECONDS * 1000,
      pruneBatchSize: env.DUBAN_PRUNE_BATCH_SIZE,
    };
    if (env.DUBAN_INBOX_RETENTION_DAYS < env.DUBAN_STREAM_MAX_AGE_DAYS) {
      // A consumer recreated from the stream's start would handle again what its pruned inbox forgot.
      throw new ConfigError([
        `DUBAN_INBOX_RETENTION_DAYS: must be at least DUBAN_STREAM_MAX_AGE_DAYS (${env.DUBAN_STREAM_MAX_AGE_DAYS}), or a replayed stream would be handled twice`,
      ]);
    }
  }

  static fromEnv(process: ProcessName, env: Environment): PlatformConfig {
    return new PlatformConfig(process, parseEnv(baseEnvSchema, env));
  }
}
