import { retryWhenDatabaseBack } from './when-database-back';

const unavailable = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('retryWhenDatabaseBack', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Lets the timers fire and each try's promise settle, one second at a time. */
  async function pass(seconds: number): Promise<void> {
    for (let i = 0; i < seconds; i += 1) await jest.advanceTimersByTimeAsync(1_000);
  }

  it('tries again every period while the database is out of reach, and stops once the work succeeds', async () => {
    let tries = 0;
    const onGiveUp = jest.fn();
    const work = async () => {
      tries += 1;
      if (tries < 3) throw unavailable();
    };
    retryWhenDatabaseBack(work, { everyMs: 1_000, untilMs: Date.now() + 60_000, now: Date.now, onGiveUp });
    expect(tries).toBe(0);
    await pass(10);
    expect(tries).toBe(3);
    expect(onGiveUp).not.toHaveBeenCalled();
  });

  it('gives up at once on any other failure, naming it', async () => {
    let tries = 0;
    const onGiveUp = jest.fn();
    const refused = new Error('duplicate key value violates unique constraint');
    retryWhenDatabaseBack(
      async () => {
        tries += 1;
        throw refused;
      },
      { everyMs: 1_000, untilMs: Date.now() + 60_000, now: Date.now, onGiveUp },
    );
    await pass(5);
    expect(tries).toBe(1);
    expect(onGiveUp).toHaveBeenCalledWith(refused);
  });

  it('gives up when its time is up, the database still out of reach', async () => {
    let tries = 0;
    const onGiveUp = jest.fn();
    retryWhenDatabaseBack(
      async () => {
        tries += 1;
        throw unavailable();
      },
      { everyMs: 1_000, untilMs: Date.now() + 3_500, now: Date.now, onGiveUp },
    );
    await pass(10);
    expect(tries).toBe(4);
    expect(onGiveUp).toHaveBeenCalledTimes(1);
    expect((onGiveUp.mock.calls[0] as [Error])[0].message).toContain('ECONNREFUSED');
  });
});
