import { z } from 'zod';

/**
 * The administrative levels a programme spans: one province, its cities, their counties (县, 县级市, 市辖区); a
 * national programme has the nation (全国) above the provinces.
 */
export const REGION_LEVELS = ['country', 'province', 'city', 'county'] as const;
export const regionLevelSchema = z.enum(REGION_LEVELS);
export type RegionLevel = z.infer<typeof regionLevelSchema>;

/**
 * The one scope rule, for every service and the web app: a caller sees a thing when one of its
 * `regionCodes` lies on the thing's region path (its county, city and province codes). Each service only
 * loads the path; the rule itself is never written again.
 */
export function inScope(
  actor: { readonly regionCodes: readonly string[] },
  regionPath: readonly (string | null | undefined)[],
): boolean {
  return regionPath.some((code) => code != null && actor.regionCodes.includes(code));
}

/**
 * A region's path read from its GB/T 2260 code alone (county 141124 → 141100 → 140000), for a service that
 * keeps no region tree. Services that copy the tree (with its exceptions) pass their own path instead.
 */
export function regionPathFromCode(code: string): string[] {
  const city = `${code.slice(0, 4)}00`;
  const province = `${code.slice(0, 2)}0000`;
  return [...new Set([code, city, province])];
}
