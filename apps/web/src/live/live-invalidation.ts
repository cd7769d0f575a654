import { liveChangeSchema, type LiveChange } from '@duban/contracts';
import type { QueryClient } from '@tanstack/react-query';

/**
 * What a page shows that a change on the live stream may have touched, as TanStack Query keys: the
 * dashboards and rollups (every region's: the change lies under several), the project's page (all its tabs
 * nest under ['project', id]), milestones' reminders and oversight, 超时倒查, and inspections. Only what is
 * on screen refetches; the rest is marked stale.
 */
export function keysToInvalidate(change: LiveChange): (readonly unknown[])[] {
  const keys: (readonly unknown[])[] = [['dashboard']];
  if (change.projectId) keys.push(['project', change.projectId]);
  switch (change.topic) {
    case 'milestones':
      keys.push(['milestone'], ['overruns']);
      break;
    case 'reports':
      // A report filed late, or past its day unfiled, is an item of 超时倒查.
      keys.push(['overruns']);
      break;
    case 'dashboard':
    case 'project':
      break;
    case 'inspection':
      keys.push(change.inspectionId ? ['inspection', change.inspectionId] : ['inspection']);
      if (change.projectId) keys.push(['project-inspections', change.projectId]);
      break;
    case 'funding':
      keys.push(['funding-rollup']);
      break;
  }
  return keys;
}

/** Parses an `event: change` message's data and refreshes what it concerns; a malformed one is ignored. */
export async function invalidateLive(queryClient: QueryClient, data: string): Promise<void> {
  const parsed = liveChangeSchema.safeParse(JSON.parse(data));
  if (!parsed.success) return;
  await Promise.all(keysToInvalidate(parsed.data).map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}
