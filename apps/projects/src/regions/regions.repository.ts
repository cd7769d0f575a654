import { REGION_LEVELS, type RegionLevel } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';

/** An administrative division: the province, a city (地级市) or a county (县, 县级市, 市辖区). */
export interface RegionRecord {
  /** 6-digit GB/T 2260 code, e.g. 141124 for 临县. */
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
  /** The enclosing region; null only for a province. */
  readonly parentCode: string | null;
  readonly population: number | null;
  /** Where `population` comes from, shown beside it (e.g. 第七次全国人口普查（2020-11-01常住人口）). */
  readonly populationSource: string | null;
}

/** The columns of a RegionRecord (also read by the one query a milestone write starts with). */
export const REGION_COLUMNS = `code, name, level, parent_code AS "parentCode", population, population_source AS "populationSource"`;

/** The region tree (projects.region): its one owner. */
@Injectable()
export class RegionsRepository {
  async findByCode(tx: Tx, code: string): Promise<RegionRecord | null> {
    const rows: RegionRecord[] = await tx.query(`SELECT ${REGION_COLUMNS} FROM projects.region WHERE code = $1`, [
      code,
    ]);
    return rows[0] ?? null;
  }

  async findByCodes(tx: Tx, codes: readonly string[]): Promise<RegionRecord[]> {
    if (codes.length === 0) return [];
    return tx.query(`SELECT ${REGION_COLUMNS} FROM projects.region WHERE code = ANY($1::text[])`, [
      [...new Set(codes)],
    ]);
  }

  findChildren(tx: Tx, parentCode: string): Promise<RegionRecord[]> {
    return tx.query(`SELECT ${REGION_COLUMNS} FROM projects.region WHERE parent_code = $1 ORDER BY code`, [parentCode]);
  }

  /** The tops of the region trees (provinces). */
  findRoots(tx: Tx): Promise<RegionRecord[]> {
    return tx.query(`SELECT ${REGION_COLUMNS} FROM projects.region WHERE parent_code IS NULL ORDER BY code`);
  }

  /** The region and every region above it, nearest first (county, city, province): one query. */
  async findPath(tx: Tx, code: string): Promise<RegionRecord[]> {
    return tx.query(
      `WITH RECURSIVE path AS (
         SELECT region.*, 0 AS depth FROM projects.region region WHERE code = $1
         UNION ALL
         SELECT region.*, path.depth + 1 FROM projects.region region JOIN path ON region.code = path.parent_code
       )
       SELECT ${REGION_COLUMNS} FROM path ORDER BY depth`,
      [code],
    );
  }

  /** Every region strictly above any of `codes` (a county's city and province). */
  async findAncestorCodes(tx: Tx, codes: readonly string[]): Promise<Set<string>> {
    const rows: { code: string }[] = await tx.query(
      `WITH RECURSIVE above AS (
         SELECT parent_code AS code FROM projects.region WHERE code = ANY($1::text[]) AND parent_code IS NOT NULL
         UNION
         SELECT region.parent_code FROM projects.region region JOIN above ON region.code = above.code
          WHERE region.parent_code IS NOT NULL
       )
       SELECT code FROM above`,
      [[...codes]],
    );
    return new Set(rows.map((row) => row.code));
  }

  /** Every region (province, city or county) in the subtrees under `codes`, those included. */
  async findSubtreeCodes(tx: Tx, codes: readonly string[]): Promise<Set<string>> {
    const rows: { code: string }[] = await tx.query(
      `WITH RECURSIVE subtree AS (
         SELECT code FROM projects.region WHERE code = ANY($1::text[])
         UNION
         SELECT child.code FROM projects.region child JOIN subtree ON child.parent_code = subtree.code
       )
       SELECT code FROM subtree`,
      [[...codes]],
    );
    return new Set(rows.map((row) => row.code));
  }

  async countByLevel(tx: Tx): Promise<Record<RegionLevel, number>> {
    const rows: { level: RegionLevel; count: number }[] = await tx.query(
      `SELECT level, count(*)::int AS count FROM projects.region GROUP BY level`,
    );
    const counts = Object.fromEntries(REGION_LEVELS.map((level) => [level, 0])) as Record<RegionLevel, number>;
    for (const row of rows) counts[row.level] = row.count;
    return counts;
  }

  /**
   * Inserts the regions that are not there yet and leaves existing rows as they are.
   * Parents must come before their children in `regions`. Returns how many rows were inserted.
   */
  async insertMissing(tx: Tx, regions: readonly RegionRecord[]): Promise<number> {
    if (regions.length === 0) return 0;
    // One statement: rows are inserted in the order given, so a parent is in place before its children.
    const rows: unknown[] = await tx.query(
      `INSERT INTO projects.region (code, name, level, parent_code, population, population_source)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[])
       ON CONFLICT (code) DO NOTHING
       RETURNING code`,
      [
        regions.map((region) => region.code),
        regions.map((region) => region.name),
        regions.map((region) => region.level),
        regions.map((region) => region.parentCode),
        regions.map((region) => region.population),
        regions.map((region) => region.populationSource),
      ],
    );
    return rows.length;
  }

  /** Hangs every province without a parent under the nation (a national programme's root). */
  async attachProvinces(tx: Tx, countryCode: string): Promise<number> {
    const rows: unknown[] = await tx.query(
      `UPDATE projects.region SET parent_code = $1 WHERE level = 'province' AND parent_code IS NULL RETURNING code`,
      [countryCode],
    );
    return rows.length;
  }
}
