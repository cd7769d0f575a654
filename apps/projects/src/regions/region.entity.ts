import type { RegionLevel } from '@duban/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An administrative division: the province, a city (地级市) or a county (县, 县级市, 市辖区). */
@Entity({ name: 'region' })
export class Region {
  /** 6-digit GB/T 2260 code, e.g. 141124 for 临县. */
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  level!: RegionLevel;

  /** The enclosing region; null only for a province. */
  @Column({ name: 'parent_code', type: 'text', nullable: true })
  parentCode!: string | null;

  @Column({ type: 'integer', nullable: true })
  population!: number | null;

  /** Where `population` comes from, shown beside it (e.g. 第七次全国人口普查（2020-11-01常住人口）). */
  @Column({ name: 'population_source', type: 'text', nullable: true })
  populationSource!: string | null;
}
