import { REGION_LEVELS, type RegionLevel } from '@duban/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { Region } from './region.entity';

@Injectable()
export class RegionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findByCode(code: string): Promise<Region | null> {
    return this.dataSource.getRepository(Region).findOneBy({ code });
  }

  findByCodes(codes: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Region[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return manager.getRepository(Region).findBy({ code: In([...codes]) });
  }

  findChildren(parentCode: string): Promise<Region[]> {
    return this.dataSource.getRepository(Region).find({ where: { parentCode }, order: { code: 'ASC' } });
  }

  /** The tops of the region trees (provinces). */
  findRoots(): Promise<Region[]> {
    return this.dataSource.getRepository(Region).find({ where: { parentCode: IsNull() }, order: { code: 'ASC' } });
  }

  /** Every region strictly above any of `codes` (a county's city and province). */
  async findAncestorCodes(codes: readonly string[]): Promise<Set<string>> {
    const rows: { code: string }[] = await this.dataSource.query(
      `WITH RECURSIVE above AS (
         SELECT parent_code AS code FROM projects.region WHERE code = ANY($1::text[]) AND parent_code IS NOT NULL
         UNION
         SELECT region.parent_code FROM projects.region region JOIN above ON region.code = above.code
          WHERE region.parent_code IS NOT NULL
       )
       SELECT code FROM above`,
      [codes],
    );
    return new Set(rows.map((row) => row.code));
  }

  async countByLevel(): Promise<Record<RegionLevel, number>> {
    const rows: { level: RegionLevel; count: string }[] = await this.dataSource
      .getRepository(Region)
      .createQueryBuilder('region')
      .select('region.level', 'level')
      .addSelect('count(*)', 'count')
      .groupBy('region.level')
      .getRawMany();
    const counts = Object.fromEntries(REGION_LEVELS.map((level) => [level, 0])) as Record<RegionLevel, number>;
    for (const row of rows) counts[row.level] = Number(row.count);
    return counts;
  }

  /**
   * Inserts the regions that are not there yet and leaves existing rows as they are.
   * Parents must come before their children in `regions`. Returns how many rows were inserted.
   */
  async insertMissing(manager: EntityManager, regions: readonly Region[]): Promise<number> {
    if (regions.length === 0) return 0;
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(Region)
      .values([...regions])
      .orIgnore()
      .returning('code')
      .execute();
    return (result.raw as unknown[]).length;
  }
}
