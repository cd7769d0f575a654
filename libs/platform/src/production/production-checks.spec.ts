import { authSecretProblems, demoProblems, refuseUnsafe, streamReplicaProblems } from './production-checks';

const DEMO = 'duban-demo-only-secret-never-use-in-production';

describe('production checks without a server', () => {
  it('refuses the demo default, a missing, short, placeholder or repetitive JWT secret, naming DUBAN_AUTH_SECRET', () => {
    const refused = [
      undefined,
      DEMO,
      'short-secret',
      'REPLACE_WITH_A_RANDOM_SECRET_OF_32_OR_MORE_CHARACTERS',
      'abababababababababababababababababab',
    ];
    for (const secret of refused) {
      const problems = authSecretProblems(secret, DEMO);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^DUBAN_AUTH_SECRET /);
    }
  });

  it('accepts a random secret of 64 hex characters', () => {
    expect(authSecretProblems('9f2c41d07b8e6a35c1f04d92e7ab38c65d10f4e29b7a8c3d6e5f01a2b3c4d5e6', DEMO)).toEqual([]);
  });

  it('refuses one stream copy on a NATS cluster, and accepts it on a single server', () => {
    expect(streamReplicaProblems({ info: { cluster: 'duban' } as never }, 1)).toEqual([
      'DUBAN_STREAM_REPLICAS is 1 while NATS runs as cluster "duban": set DUBAN_STREAM_REPLICAS=3, or a stream lives on one node only',
    ]);
    expect(streamReplicaProblems({ info: { cluster: 'duban' } as never }, 3)).toEqual([]);
    expect(streamReplicaProblems({ info: {} as never }, 1)).toEqual([]);
  });

  it('refuses demo mode, and lists every problem in one error', () => {
    expect(demoProblems(false)).toEqual([]);
    expect(() => refuseUnsafe([...demoProblems(true), ...authSecretProblems(undefined, DEMO)])).toThrow(
      /Refusing to start in production \(NODE_ENV=production\):\n {2}- DUBAN_DEMO is on.*\n {2}- DUBAN_AUTH_SECRET/,
    );
    expect(() => refuseUnsafe([])).not.toThrow();
  });
});
