import { RedisServerProcess } from '@duban/testing';
import { redisProblems } from './production-checks';

/** The Redis settings a production start refuses, asked of private redis-servers started with them. */
describe('production check of Redis (CONFIG GET)', () => {
  const servers: RedisServerProcess[] = [];
  const start = async (args: string[]) => {
    const server = await RedisServerProcess.start(args);
    servers.push(server);
    return server;
  };
  afterAll(() => Promise.all(servers.map((server) => server.stop())));

  it('names maxmemory-policy when Redis may evict keys (allkeys-lru)', async () => {
    const redis = await start(['--appendonly', 'yes', '--maxmemory-policy', 'allkeys-lru']);
    expect(await redisProblems(redis.url)).toEqual([
      'Redis maxmemory-policy is "allkeys-lru": set maxmemory-policy noeviction, or Redis may evict the queue\'s keys under memory pressure',
    ]);
  });

  it('names appendonly when AOF is off', async () => {
    const redis = await start(['--maxmemory-policy', 'noeviction']);
    expect(await redisProblems(redis.url)).toEqual([
      'Redis appendonly is "no": turn on AOF (appendonly yes, appendfsync everysec), or a Redis restart forgets every armed timer',
    ]);
  });

  it('accepts AOF with noeviction, as deploy/ runs it', async () => {
    const redis = await start(['--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction']);
    expect(await redisProblems(redis.url)).toEqual([]);
  });
});
