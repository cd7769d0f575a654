import { NotFoundError, type Actor, type RegionView } from '@duban/contracts';
import { Access, Transactions } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { RegionScope } from '../scope/region-scope.service';
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
    private readonly transactions: Transactions,
    private readonly regions: RegionsRepository,
    private readonly scope: RegionScope,
    private readonly access: Access,
  ) {}

  async children(actor: Actor, parent: string | undefined): Promise<RegionView[]> {
    const tx = this.transactions.none;
    const walkable = await this.scope.walkableRegionCodes(tx, actor);
    if (parent !== undefined && !walkable.has(parent)) {
      if (await this.regions.findByCode(tx, parent)) {
        throw await this.access.outOfScope(
          { actor, action: 'region.list', targetType: 'region', targetId: parent },
          REGION_NOT_FOUND,
        );
      }
      throw new NotFoundError(REGION_NOT_FOUND);
    }
    const children =
      parent === undefined ? await this.regions.findRoots(tx) : await this.regions.findChildren(tx, parent);
    return children.filter((region) => walkable.has(region.code)).map(toRegionView);
  }
}
