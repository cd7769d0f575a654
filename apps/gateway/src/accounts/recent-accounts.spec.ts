import { Clock } from '@duban/platform';
import type { AccountRecord } from './accounts.repository';
import { RECENT_ACCOUNT_MS, RecentAccounts } from './recent-accounts';

const account = (changes: Partial<AccountRecord> = {}): AccountRecord => ({
  id: '0190c1d2-0000-7000-8000-000000000001',
  username: 'linxian',
  displayName: '刘星',
  passwordHash: '$argon2id$…',
  role: 'county_officer',
  regionCodes: ['141124'],
  demo: false,
  failedAttempts: 0,
  lastAttemptAt: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  mustChangePassword: false,
  disabledAt: null,
  updatedAt: null,
  ...changes,
});

describe('RecentAccounts (what the guard judges a token by, read within the last second)', () => {
  const start = new Date('2026-12-05T08:00:00Z');
  let clock: Clock;
  let stored: AccountRecord;
  let reads: number;
  const read = async () => {
    reads += 1;
    return stored;
  };

  beforeEach(() => {
    clock = new Clock();
    clock.setNow(start);
    stored = account();
    reads = 0;
  });

  it('reads an account once within RECENT_ACCOUNT_MS, and again after it', async () => {
    const recent = new RecentAccounts(clock);
    await recent.find(stored.id, read);
    clock.setNow(new Date(start.getTime() + RECENT_ACCOUNT_MS - 1));
    expect(await recent.find(stored.id, read)).toBe(stored);
    expect(reads).toBe(1);
    stored = account({ disabledAt: start });
    clock.setNow(new Date(start.getTime() + RECENT_ACCOUNT_MS));
    expect((await recent.find(stored.id, read))?.disabledAt).toEqual(start);
    expect(reads).toBe(2);
  });

  it('reads a forgotten account on its next request', async () => {
    const recent = new RecentAccounts(clock);
    await recent.find(stored.id, read);
    stored = account({ disabledAt: start });
    recent.forget(stored.id);
    expect((await recent.find(stored.id, read))?.disabledAt).toEqual(start);
    expect(reads).toBe(2);
  });

  it('does not keep a read that a change overtook (it may have seen the row before the change)', async () => {
    const recent = new RecentAccounts(clock);
    let finishRead: (value: AccountRecord) => void = () => undefined;
    const slow = recent.find(stored.id, () => new Promise((resolve) => (finishRead = resolve)));
    recent.forget(stored.id);
    finishRead(stored);
    await slow;
    stored = account({ disabledAt: start });
    expect((await recent.find(stored.id, read))?.disabledAt).toEqual(start);
  });

  it('shares one read among the requests that find the account missing together, but not across a change', async () => {
    const recent = new RecentAccounts(clock);
    let finishRead: (value: AccountRecord) => void = () => undefined;
    const slowRead = () => {
      reads += 1;
      return new Promise<AccountRecord>((resolve) => (finishRead = resolve));
    };
    const together = [recent.find(stored.id, slowRead), recent.find(stored.id, slowRead)];
    expect(reads).toBe(1);
    finishRead(stored);
    expect(await Promise.all(together)).toEqual([stored, stored]);

    clock.setNow(new Date(start.getTime() + RECENT_ACCOUNT_MS));
    const before = recent.find(stored.id, slowRead);
    const finishBefore = finishRead;
    recent.forget(stored.id);
    stored = account({ disabledAt: start });
    const after = recent.find(stored.id, read);
    finishBefore(account());
    expect((await after)?.disabledAt).toEqual(start);
    expect((await before)?.disabledAt).toBeNull();
    expect(reads).toBe(3);
  });

  it('never keeps a missing account', async () => {
    const recent = new RecentAccounts(clock);
    expect(await recent.find(stored.id, async () => null)).toBeNull();
    expect(await recent.find(stored.id, read)).toBe(stored);
  });
});
