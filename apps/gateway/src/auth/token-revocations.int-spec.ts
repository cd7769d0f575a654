import { Clock, type PlatformConfig } from '@duban/platform';
import { RedisServerProcess, waitFor } from '@duban/testing';
import Redis from 'ioredis';
import { TokenRevocations } from './token-revocations.service';

/**
 * Revocations pushed to every replica (issue 17, G7): a replica answers from its copy, which it trusts only
 * while its subscription is known to be up. On a private redis-server, so that it can be frozen.
 */
describe('TokenRevocations (pushed to every gateway replica)', () => {
  let server: RedisServerProcess;
  const replicas: { revocations: TokenRevocations; redis: Redis }[] = [];
  const platform = { namespace: 'revocations' } as PlatformConfig;
  const prefix = 'duban:revocations:revoked-token:';
  const token = (id: string) => ({ id, expiresAt: new Date(Date.now() + 60_000) });

  const replica = async (): Promise<TokenRevocations> => {
    const redis = new Redis(server.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
    await redis.connect();
    const revocations = new TokenRevocations(redis, new Clock(), platform);
    revocations.onModuleInit();
    replicas.push({ revocations, redis });
    await waitFor('the replica to follow the pushes', () => revocations.followsPushes, Boolean);
    return revocations;
  };

  beforeAll(async () => {
    server = await RedisServerProcess.start();
  });

  afterAll(async () => {
    for (const { revocations, redis } of replicas) {
      revocations.onApplicationShutdown();
      redis.disconnect();
    }
    await server.stop();
  });

  it('refuses at another replica a token logged out at one, from the pushed copy (no Redis read per request)', async () => {
    const [a, b] = [await replica(), await replica()];
    await a.revoke(token('t-logged-out'));
    expect(await a.isRevoked('t-logged-out')).toBe(true);
    await waitFor('the revocation to reach the other replica', () => b.isRevoked('t-logged-out'), Boolean);
    // The key gone from Redis, the replica still refuses it: it answered from memory.
    const direct = replicas[0]?.redis as Redis;
    await direct.del(`${prefix}t-logged-out`);
    expect(b.followsPushes).toBe(true);
    expect(await b.isRevoked('t-logged-out')).toBe(true);
    expect(await b.isRevoked('t-still-valid')).toBe(false);
  });

  it('loads the revocations made before it started', async () => {
    const direct = replicas[0]?.redis as Redis;
    await direct.set(`${prefix}t-earlier`, String(Date.now() + 60_000), 'PX', 60_000);
    const late = await replica();
    expect(await late.isRevoked('t-earlier')).toBe(true);
  });

  it('stops trusting its copy when the subscription stops answering, asks Redis meanwhile, and follows again after', async () => {
    const b = replicas[1]?.revocations as TokenRevocations;
    server.freeze();
    try {
      await waitFor(
        'the replica to distrust its copy',
        () => b.followsPushes,
        (live) => !live,
        { timeoutMs: 20_000 },
      );
    } finally {
      server.resume();
    }
    // A revocation that no push carried (stored behind every subscription's back) is seen: asked of Redis, or loaded.
    const direct = replicas[0]?.redis as Redis;
    await direct.set(`${prefix}t-while-away`, String(Date.now() + 60_000), 'PX', 60_000);
    expect(await b.isRevoked('t-while-away')).toBe(true);
    await waitFor('the replica to follow again', () => b.followsPushes, Boolean, { timeoutMs: 20_000 });
    expect(await b.isRevoked('t-while-away')).toBe(true);
  });
});
