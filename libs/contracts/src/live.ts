import { z } from 'zod';

/**
 * A hint on the live stream (`GET /api/me/notifications/stream`, `event: change`) that data a page shows has
 * changed, so the page refetches it: never the data itself, which the page reads with the caller's own scope.
 * Sent only to streams whose user may see the region (the one scope rule).
 */
export const LIVE_TOPICS = ['dashboard', 'milestones', 'project', 'reports', 'inspection', 'funding'] as const;
export type LiveTopic = (typeof LIVE_TOPICS)[number];

export const liveChangeSchema = z.object({
  topic: z.enum(LIVE_TOPICS),
  /** The county (or region) whose data changed. */
  regionCode: z.string(),
  projectId: z.string().nullable(),
  /** The inspection, for topic `inspection` when the change names one. */
  inspectionId: z.string().nullable(),
});
export type LiveChange = z.infer<typeof liveChangeSchema>;

/** The SSE event name of a change: stable (the web app listens for it). */
export const LIVE_CHANGE_EVENT = 'change';
