import { bucketDelta, bucketsOf, dueKey, dueOfKey, figureSums, projectBuckets } from './dashboard-contribution-rules';

const open = (dueDate: string) => ({ dueDate, dueAt: null, status: 'pending' as const, completedAt: null });
const done = (dueDate: string, completedAt: string) => ({
  dueDate,
  dueAt: null,
  status: 'done' as const,
  completedAt: new Date(completedAt),
});

describe('dashboard contribution of one project', () => {
  it('counts milestones by deadline, by month completed (in China) and by month due', () => {
    const buckets = projectBuckets(
      [open('2023-05-31'), open('2023-05-31'), done('2023-03-31', '2023-03-31T17:00:00Z')],
      { status: 'returned' },
      [],
    );
    expect(bucketsOf(buckets, 'project').get('')?.n).toBe(1);
    expect(bucketsOf(buckets, 'open').get('d:2023-05-31')?.n).toBe(2);
    // 17:00 UTC on 31 March is 1 April in China.
    expect([...bucketsOf(buckets, 'done').keys()]).toEqual(['2023-04']);
    expect(Object.fromEntries([...bucketsOf(buckets, 'due')].map(([month, c]) => [month, c.n]))).toEqual({
      '2023-05': 2,
      '2023-03': 1,
    });
    expect(bucketsOf(buckets, 'report').get('returned')?.n).toBe(1);
  });

  it('sums the figures given and keeps a figure no report gave as null', () => {
    const buckets = projectBuckets([], null, [
      { month: '2023-10', gigJobsOffered: 40, gigWorkerVisits: null, placements: 7 },
    ]);
    expect(figureSums(bucketsOf(buckets, 'figures').get('2023-10') as never)).toEqual({
      counties: 1,
      gigJobsOffered: 40,
      gigWorkerVisits: null,
      placements: 7,
    });
  });

  it('gives the difference bucket by bucket, and nothing when nothing changed', () => {
    const before = projectBuckets([open('2023-05-31'), open('2023-07-31')], null, []);
    const after = projectBuckets([done('2023-05-31', '2023-05-20T02:00:00Z'), open('2023-07-31')], null, []);
    expect(bucketDelta(before, before)).toEqual([]);
    const delta = bucketDelta(before, after);
    expect(delta.map(({ kind, key, n }) => ({ kind, key, n }))).toEqual(
      expect.arrayContaining([
        { kind: 'done', key: '2023-05', n: 1 },
        { kind: 'open', key: 'd:2023-05-31', n: -1 },
      ]),
    );
    expect(delta).toHaveLength(2);
  });

  it('turns a deadline into a key and back', () => {
    const at = new Date('2023-05-17T10:00:00Z');
    expect(dueOfKey(dueKey({ dueDate: null, dueAt: at }))).toEqual({ dueDate: null, dueAt: at });
    expect(dueOfKey(dueKey({ dueDate: '2023-05-31', dueAt: null }))).toEqual({ dueDate: '2023-05-31', dueAt: null });
  });
});
