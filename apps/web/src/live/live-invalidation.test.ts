import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { invalidateLive, keysToInvalidate } from './live-invalidation';

describe('live changes', () => {
  it('a completed milestone refreshes the dashboards, the county’s page, milestones and 超时倒查', () => {
    expect(
      keysToInvalidate({ topic: 'milestones', regionCode: '141124', projectId: 'p1', inspectionId: null }),
    ).toEqual([['dashboard'], ['project', 'p1'], ['milestone'], ['overruns']]);
  });

  it('a monthly report filed, returned or accepted refreshes the county’s page and 超时倒查', () => {
    expect(keysToInvalidate({ topic: 'reports', regionCode: '141124', projectId: 'p1', inspectionId: null })).toEqual([
      ['dashboard'],
      ['project', 'p1'],
      ['overruns'],
    ]);
  });

  it('an inspection change refreshes that inspection and the county’s list of inspections', () => {
    expect(
      keysToInvalidate({ topic: 'inspection', regionCode: '141124', projectId: 'p1', inspectionId: 'i1' }),
    ).toEqual([['dashboard'], ['project', 'p1'], ['inspection', 'i1'], ['project-inspections', 'p1']]);
  });

  it('marks the matching queries stale, and leaves others alone; ignores what is not a change', async () => {
    const client = new QueryClient();
    client.setQueryData(['dashboard', '141100'], { light: 'red' });
    client.setQueryData(['project', 'p1', 'milestones'], []);
    client.setQueryData(['project', 'p2', 'milestones'], []);
    await invalidateLive(
      client,
      JSON.stringify({ topic: 'milestones', regionCode: '141124', projectId: 'p1', inspectionId: null }),
    );
    expect(client.getQueryState(['dashboard', '141100'])?.isInvalidated).toBe(true);
    expect(client.getQueryState(['project', 'p1', 'milestones'])?.isInvalidated).toBe(true);
    expect(client.getQueryState(['project', 'p2', 'milestones'])?.isInvalidated).toBe(false);
    await invalidateLive(client, JSON.stringify({ topic: 'weather' }));
    expect(client.getQueryState(['project', 'p2', 'milestones'])?.isInvalidated).toBe(false);
  });
});
