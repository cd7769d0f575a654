import { RefusalBudget } from './refusal-budget';

const t0 = new Date('2024-03-01T09:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const limits = { perAddress: 3, perMinute: 5, trackedAddresses: 4 };

describe('the refusal budget of the audit trail', () => {
  it('writes the first refusals of each address, then only counts them; the summary comes when the minute ends', () => {
    const budget = new RefusalBudget(limits);
    const decisions = Array.from({ length: 1000 }, (_, i) => budget.take('192.0.2.1', 'auth.authenticate', at(i)));
    expect(decisions.filter((decision) => decision.write)).toHaveLength(3);
    expect(decisions.some((decision) => decision.summary)).toBe(false);

    const next = budget.take('192.0.2.1', 'auth.authenticate', at(60_000));
    expect(next).toEqual({
      write: true,
      summary: {
        minute: t0,
        unwritten: 997,
        byAction: { 'auth.authenticate': 997 },
        addresses: 1,
        top: [{ address: '192.0.2.1', count: 997 }],
      },
    });
  });

  it('caps the rows of a minute over all addresses, and lumps addresses beyond those it tracks together', () => {
    const budget = new RefusalBudget(limits);
    const written = Array.from({ length: 1000 }, (_, i) =>
      budget.take(`10.0.${Math.floor(i / 250)}.${i % 250}`, i % 2 ? 'auth.login' : 'auth.authenticate', at(i)),
    ).filter((decision) => decision.write);
    expect(written).toHaveLength(5);
    const summary = budget.flush(at(60_000));
    expect(summary).toMatchObject({ unwritten: 995, addresses: 5 });
    expect(summary?.byAction).toEqual({ 'auth.authenticate': 497, 'auth.login': 498 });
    expect(summary?.top.map((entry) => entry.address)).toContain('(others)');
    expect(summary?.top.reduce((sum, entry) => sum + entry.count, 0)).toBe(995);
  });

  it('has nothing to say for a minute whose refusals were all written, nor twice for one minute', () => {
    const budget = new RefusalBudget(limits);
    budget.take('192.0.2.1', 'auth.authenticate', t0);
    expect(budget.flush(at(60_000))).toBeNull();
    for (let i = 0; i < 5; i++) budget.take('192.0.2.2', 'auth.authenticate', at(61_000));
    expect(budget.flush(at(62_000))).toBeNull();
    expect(budget.flush(null)).toMatchObject({ unwritten: 2 });
    expect(budget.flush(null)).toBeNull();
  });
});
