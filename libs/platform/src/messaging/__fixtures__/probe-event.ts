import { defineEvent, Streams } from '@duban/contracts';
import { z } from 'zod';

/** A test-only event on the projects stream: which aggregate, and its position in that aggregate. */
export const ProbeRecorded = defineEvent({
  type: 'duban.projects.probe.recorded.v1',
  version: 1,
  aggregate: 'probe',
  schema: z.object({ aggregate: z.string(), n: z.number().int().nonnegative(), poison: z.boolean().optional() }),
});

export const probeStream = Streams.projects;
