import Redis from 'ioredis';
import type { NatsConnection } from 'nats';
import { ConfigError } from '../config/env';

/**
 * What a process must not run with in production (NODE_ENV=production), each found by asking the server
 * itself rather than trusting the deployment files: a Redis that may lose or evict the timers' keys, streams
 * with one copy on a NATS cluster, a guessable token secret, demo data and demo logins.
 */
export class UnsafeProductionSettings extends ConfigError {
  constructor(problems: string[]) {
    super(problems);
    this.message = `Refusing to start in production (NODE_ENV=production):\n${problems.map((p) => `  - ${p}`).join('\n')}`;
    this.name = 'UnsafeProductionSettings';
  }
}

/**
 * Redis keeps the reminder timers (BullMQ) and the gateway's lockouts and revocations: without AOF a restart
 * forgets them, and an evicting policy drops BullMQ's keys under memory pressure (its own docs require
 * noeviction). Asks the server (CONFIG GET), so a managed Redis whose settings differ from the files is caught.
 */
export async function redisProblems(url: string): Promise<string[]> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const setting = async (name: string) => ((await redis.config('GET', name)) as string[])[1] ?? '';
    const problems: string[] = [];
    const appendonly = await setting('appendonly');
    if (appendonly !== 'yes')
      problems.push(
        `Redis appendonly is "${appendonly}": turn on AOF (appendonly yes, appendfsync everysec), or a Redis restart forgets every armed timer`,
      );
    const policy = await setting('maxmemory-policy');
    if (policy !== 'noeviction')
      problems.push(
        `Redis maxmemory-policy is "${policy}": set maxmemory-policy noeviction, or Redis may evict the queue's keys under memory pressure`,
      );
    return problems;
  } catch (error) {
    return [`Redis at ${redactUrl(url)} could not be checked (CONFIG GET): ${(error as Error).message}`];
  } finally {
    redis.disconnect();
  }
}

/**
 * A server that belongs to a cluster (its INFO names one) can keep several copies of each stream; streams
 * created with one copy there would lose their events with the node that holds them.
 */
export function streamReplicaProblems(nats: Pick<NatsConnection, 'info'>, replicas: number): string[] {
  const cluster = nats.info?.cluster;
  if (cluster && replicas < 3)
    return [
      `DUBAN_STREAM_REPLICAS is ${replicas} while NATS runs as cluster "${cluster}": set DUBAN_STREAM_REPLICAS=3, or a stream lives on one node only`,
    ];
  return [];
}

/** A shifted clock is for end-to-end tests: in production every deadline would fall at the wrong time. */
export function clockProblems(offsetMs: number): string[] {
  return offsetMs === 0 ? [] : ['DUBAN_TEST_CLOCK_OFFSET_MS is set: the clock is shifted (tests only)'];
}

/** Demo mode loads demo data and lets the demo accounts log in with their public password. */
export function demoProblems(demo: boolean): string[] {
  return demo ? ['DUBAN_DEMO is on: demo data and demo accounts (public password) must never run in production'] : [];
}

/** Placeholders shipped in deploy/ that must be replaced before a real start. */
const PLACEHOLDER = /replace|change.?me|placeholder|example|secret{2,}/i;

/**
 * The access tokens' HS256 key: set (not the demo default), at least 32 characters, not a placeholder and not
 * a repetition of a few characters (e.g. 32 × "a").
 */
export function authSecretProblems(secret: string | undefined, demoSecret: string): string[] {
  if (secret === undefined || secret === demoSecret)
    return ['DUBAN_AUTH_SECRET is the public demo default: set a random secret of at least 32 characters'];
  if (secret.length < 32) return [`DUBAN_AUTH_SECRET has ${secret.length} characters: at least 32 are required`];
  if (PLACEHOLDER.test(secret)) return ['DUBAN_AUTH_SECRET is a placeholder from deploy/: set a random secret'];
  if (new Set(secret).size < 10)
    return ['DUBAN_AUTH_SECRET repeats too few characters to be random: e.g. `openssl rand -hex 32`'];
  return [];
}

/** Throws UnsafeProductionSettings listing every problem found, or does nothing. */
export function refuseUnsafe(problems: readonly string[]): void {
  if (problems.length > 0) throw new UnsafeProductionSettings([...problems]);
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
