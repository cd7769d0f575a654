import { Injectable } from '@nestjs/common';
import type { Actor } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import { RegionsRepository } from '../regions/regions.repository';

/**
 * Reads a caller's scope off the region tree. The rule itself (a thing is in scope when one of the
 * caller's regions lies on its region path) is the platform's Access and contracts' `inScope`; this only
 * loads what they judge: a region's path, and for lists the region codes a caller may see at all.
 */
@Injectable()
export class RegionScope {
  constructor(private readonly regions: RegionsRepository) {}

  /** A region and every region above it (county, city, province): what `inScope` is asked about. */
  async regionPath(tx: Tx, code: string): Promise<string[]> {
    return [code, ...(await this.regions.findAncestorCodes(tx, [code]))];
  }

  /** Every region code (province, city or county) inside the caller's scope: the subtree under each of its regions. */
  visibleRegionCodes(tx: Tx, actor: Pick<Actor, 'regionCodes'>): Promise<Set<string>> {
    return this.regions.findSubtreeCodes(tx, actor.regionCodes);
  }

  /**
   * The regions a caller may walk through: its scope and everything above it, so 临县's officer can go
   * 山西省 → 吕梁市 → 临县 (and see the programmes over 山西省), but no sibling outside its scope.
   */
  async walkableRegionCodes(tx: Tx, actor: Pick<Actor, 'regionCodes'>): Promise<Set<string>> {
    const visible = await this.visibleRegionCodes(tx, actor);
    return new Set([...visible, ...(await this.regions.findAncestorCodes(tx, actor.regionCodes))]);
  }
}
