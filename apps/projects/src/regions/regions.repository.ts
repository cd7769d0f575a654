import { REGION_LEVELS, type RegionLevel } from '@duban/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Region } from './region.entity';

@Injectable()
export class RegionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findByCode(code: string): Promise<Region | null> {
    return this.dataSource.getRepository(Region).findOneBy({ code });
  }

  findChildren(parentCode: string): Promise<Region[]> {
    return this.dataSource.getRepository(Region).find({ where: { parentCode }, order: { code: 'ASC' } });
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
