import { holdUntil, MAX_HOLD_MS } from './firing-hold.rules';

describe('holding a due reminder for its deadline’s events', () => {
  const fireAt = new Date('2026-12-07T01:00:00Z');
  const after = (ms: number) => new Date(fireAt.getTime() + ms);

  it('fires at once when the source’s consumer has caught up', () => {
    expect(holdUntil('caught-up', fireAt, after(0))).toBeNull();
  });

  it('holds while events are pending or the broker cannot say, asking again sooner at first', () => {
    expect(holdUntil('behind', fireAt, after(0))).toEqual(after(1_000));
    expect(holdUntil('unknown', fireAt, after(20_000))).toEqual(after(25_000));
    expect(holdUntil('behind', fireAt, after(300_000))).toEqual(after(315_000));
  });

  it('never past the longest hold: then it fires, late rather than never', () => {
    expect(holdUntil('behind', fireAt, after(MAX_HOLD_MS - 5_000))).toEqual(after(MAX_HOLD_MS));
    expect(holdUntil('unknown', fireAt, after(MAX_HOLD_MS))).toBeNull();
  });
});
