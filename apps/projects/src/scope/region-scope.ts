import { Injectable } from '@nestjs/common';
import type { Actor } from '@duban/contracts';
import { DataSource } from 'typeorm';

/**
 * What part of the region tree a caller may see: the whole subtree under each of its `regionCodes`.
 * Repositories filter by it where data is read, so a caller outside its scope finds nothing (404 for a
 * single item; absent from lists), whatever the gateway did.
 */
@Injectable()
export class RegionScope {
  constructor(private readonly dataSource: DataSource) {}

  /** Every region code (province, city or county) inside the actor's scope. */
  async visibleRegionCodes(actor: Pick<Actor, 'regionCodes'>): Promise<Set<string>> {
    const rows: { code: string }[] = await this.dataSource.query(
      `WITH RECURSIVE subtree AS (
         SELECT code FROM projects.region WHERE code = ANY($1::text[])
         UNION
         SELECT child.code FROM projects.region child JOIN subtree ON child.parent_code = subtree.code
       )
       SELECT code FROM subtree`,
      [actor.regionCodes],
    );
    return new Set(rows.map((row) => row.code));
  }

  async canSee(actor: Pick<Actor, 'regionCodes'>, regionCode: string): Promise<boolean> {
    return (await this.visibleRegionCodes(actor)).has(regionCode);
  }
}
