import { DELIVERIES_PER_MILESTONE, expectedDeliveries, tally } from './workload';

describe('tally', () => {
  it('counts each expected arrival once, duplicates beyond the first, the missing as lost, the rest as unexpected', () => {
    const expected = ['a', 'b', 'c', 'd'];
    const arrived = new Map([
      ['a', 1],
      ['b', 3],
      ['d', 1],
      ['x', 2],
    ]);
    expect(tally(expected, arrived)).toEqual({ sent: 4, delivered: 3, duplicated: 2, lost: 1, unexpected: 2 });
  });

  it('expects each stage of the exact plan for its recipients: before and at due to the responsible, the escalation to three', () => {
    const keys = expectedDeliveries([{ id: 'm1', dueAt: new Date(0) }]);
    expect(keys).toEqual([
      'm1 offset--PT2S user:linxian',
      'm1 offset-PT0S user:linxian',
      'm1 offset-PT2S user:linxian',
      'm1 offset-PT2S user:zhangzhenyu',
      'm1 offset-PT2S role:city_officer@141100',
    ]);
    expect(DELIVERIES_PER_MILESTONE).toBe(5);
  });
});
