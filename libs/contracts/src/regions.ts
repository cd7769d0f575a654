import { z } from 'zod';

/** The administrative levels a programme spans: one province, its cities, their counties (县, 县级市, 市辖区). */
export const REGION_LEVELS = ['province', 'city', 'county'] as const;
export const regionLevelSchema = z.enum(REGION_LEVELS);
export type RegionLevel = z.infer<typeof regionLevelSchema>;
