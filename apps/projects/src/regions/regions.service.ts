import { NotFoundError, type Actor, type RegionView } from '@duban/contracts';
import { Injectable } from '@nestjs/common';
import { Denials } from '../scope/denials';
import { RegionScope } from '../scope/region-scope';
import { toRegionView } from './region-view';
import { RegionsRepository } from './regions.repository';

const REGION_NOT_FOUND = '地区不存在';

/**
 * The region tree as a caller may walk it: the regions inside its scope and those above it (so 临县's
 * officer can go 山西省 → 吕梁市 → 临县), but no sibling outside it (吕梁市's other counties, other cities).
 */
@Injectable()
export class RegionsService {
  constructor(
    private readonly regions: RegionsRepository,
    private readonly scope: RegionScope,
    private readonly denials: Denials,
  ) {}

  async children(actor: Actor, parent: string | undefined): Promise<RegionView[]> {
    const visible = await this.scope.visibleRegionCodes(actor);
    const walkable = new Set([...visible, ...(await this.regions.findAncestorCodes(actor.regionCodes))]);
    if (parent !== undefined && !walkable.has(parent)) {
      if (await this.regions.findByCode(parent)) {
        throw await this.denials.outOfScope(
          { actor, action: 'region.list', targetType: 'region', targetId: parent },
          REGION_NOT_FOUND,
        );
      }
      throw new NotFoundError(REGION_NOT_FOUND);
    }
    const children = parent === undefined ? await this.regions.findRoots() : await this.regions.findChildren(parent);
    return children.filter((region) => walkable.has(region.code)).map(toRegionView);
  }
}
