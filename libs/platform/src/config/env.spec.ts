import { ConfigError, parseEnv, baseEnvSchema } from './env';
import { PlatformConfig } from './platform-config';

const DAY_MS = 86_400_000;

describe('configuration', () => {
  it('has defaults that work on a developer machine', () => {
    const config = PlatformConfig.fromEnv('projects', {});
    expect(config.database).toEqual({ url: 'postgres://postgres@127.0.0.1:5432/duban', schema: 'projects' });
    expect(config.nats.url).toBe('nats://127.0.0.1:4222');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.namespace).toBe('');
    expect(config.messaging.stream).toEqual({ duplicateWindowMs: 120_000, replicas: 1, maxAgeMs: 30 * DAY_MS });
    expect(config.retention).toEqual({
      outboxMs: 7 * DAY_MS,
      inboxMs: 30 * DAY_MS,
      pruneIntervalMs: 3_600_000,
      pruneBatchSize: 1000,
    });
  });

  it('refuses an inbox kept shorter than the stream keeps its messages', () => {
    expect(() =>
      PlatformConfig.fromEnv('projects', { DUBAN_INBOX_RETENTION_DAYS: '10', DUBAN_STREAM_MAX_AGE_DAYS: '14' }),
    ).toThrow(/DUBAN_INBOX_RETENTION_DAYS: must be at least DUBAN_STREAM_MAX_AGE_DAYS \(14\)/);
    expect(
      PlatformConfig.fromEnv('projects', { DUBAN_INBOX_RETENTION_DAYS: '14', DUBAN_STREAM_MAX_AGE_DAYS: '14' })
        .retention.inboxMs,
    ).toBe(14 * DAY_MS);
  });

  it('names every bad variable, not only the first', () => {
    let error: unknown;
    try {
      PlatformConfig.fromEnv('projects', {
        DUBAN_NATS_URL: 'http://example.org',
        DUBAN_OUTBOX_POLL_MS: '-5',
        DUBAN_LOG_LEVEL: 'info',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^DUBAN_NATS_URL: /);
    expect(problems[1]).toMatch(/^DUBAN_OUTBOX_POLL_MS: /);
    expect((error as ConfigError).message).toContain('DUBAN_NATS_URL');
    expect((error as ConfigError).message).toContain('DUBAN_OUTBOX_POLL_MS');
  });

  it('treats an empty variable as unset', () => {
    expect(parseEnv(baseEnvSchema, { DUBAN_NAMESPACE: '' }).DUBAN_NAMESPACE).toBe('');
    expect(parseEnv(baseEnvSchema, { DUBAN_RPC_TIMEOUT_MS: '' }).DUBAN_RPC_TIMEOUT_MS).toBe(5000);
  });

  it('refuses a namespace that would break subject or stream names', () => {
    expect(() => parseEnv(baseEnvSchema, { DUBAN_NAMESPACE: 'a.b' })).toThrow(/DUBAN_NAMESPACE/);
    expect(() => parseEnv(baseEnvSchema, { DUBAN_NAMESPACE: 'Upper' })).toThrow(/DUBAN_NAMESPACE/);
  });
});
