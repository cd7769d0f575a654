import { z } from 'zod';
import { withActor } from '../identity';
import { regionLevelSchema } from '../regions';
import { defineRpc } from '../rpc/rpc';
import { regionCodeSchema } from './common';

export const regionSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: regionLevelSchema,
  parentCode: z.string().nullable(),
  /** 人口基数 and where it comes from (a yearbook or the census); null for a city. */
  population: z.number().int().nullable(),
  populationSource: z.string().nullable(),
});
export type RegionView = z.infer<typeof regionSchema>;

/** `GET /api/regions?parent=CODE`: the children of CODE; without `parent`, the top of the tree. */
export const listRegionsQuerySchema = z.object({ parent: regionCodeSchema.optional() }).strict();
export type ListRegionsQuery = z.infer<typeof listRegionsQuerySchema>;

export const ListRegionsRpc = defineRpc({
  subject: 'projects.region.list',
  service: 'projects',
  request: withActor(listRegionsQuerySchema.shape),
  response: z.array(regionSchema),
});
