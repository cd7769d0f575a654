import type { RegionView } from '@duban/contracts';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** A region of the caller's tree, with whether it lies within the caller's own scope (not only on the way to it). */
export interface RegionNode extends RegionView {
  readonly inScope: boolean;
}

const childrenOf = (parent: string | undefined): Promise<RegionView[]> =>
  unwrap(api.GET('/api/regions', { params: { query: parent === undefined ? {} : { parent } } }));

/**
 * Every region the caller can walk to, top down (`GET /api/regions`, a level at a time, each level's parents
 * asked at once): a province administrator's province, its cities and their counties (13 requests), a city
 * officer's province on the way, then the city and its counties. `scope` is the caller's own region codes: a
 * region in it, or below one in it, is in scope; the province above a city officer is only on the way.
 */
export async function loadRegionTree(scope: readonly string[]): Promise<RegionNode[]> {
  const mine = new Set(scope);
  const tree: RegionNode[] = [];
  let level: RegionNode[] = (await childrenOf(undefined)).map((region) => ({
    ...region,
    inScope: mine.has(region.code),
  }));
  while (level.length > 0) {
    tree.push(...level);
    const parents = level.filter((region) => region.level !== 'county');
    const children = await Promise.all(parents.map((parent) => childrenOf(parent.code)));
    level = parents.flatMap((parent, index) =>
      (children[index] ?? []).map((region) => ({ ...region, inScope: parent.inScope || mine.has(region.code) })),
    );
  }
  return tree;
}

/** The caller's region tree (it changes only when regions are imported: kept for ten minutes). */
export const useRegionTree = (scope: readonly string[]) =>
  useQuery({
    queryKey: ['region-tree', scope] as const,
    queryFn: () => loadRegionTree(scope),
    staleTime: 10 * 60_000,
  });

/** A region's name from the tree, its code while the tree loads or when the caller cannot see it. */
export function regionNamer(tree: readonly RegionNode[] | undefined): (code: string) => string {
  const names = new Map(tree?.map((region) => [region.code, region.name]));
  return (code) => names.get(code) ?? code;
}
