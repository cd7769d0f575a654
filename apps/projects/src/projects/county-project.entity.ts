import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export type ConstructionType = 'new' | 'renovation';
export type ConstructionProgress = 'site_selected' | 'under_construction' | 'built';

/**
 * One county's project under a programme: the county's row of the task list (附件1). The three money
 * columns of that row belong to the funding service and are not stored here.
 */
@Entity({ name: 'county_project' })
export class CountyProject {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId!: string;

  /** The county's 6-digit code. */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: string;

  /** e.g. 临县公益性零工市场 */
  @Column({ type: 'text' })
  name!: string;

  /** 人口基数, with where it comes from (a yearbook or a census, never one passed off as the other). */
  @Column({ type: 'integer', nullable: true })
  population!: number | null;

  @Column({ name: 'population_source', type: 'text', nullable: true })
  populationSource!: string | null;

  /** 应规划室内场所面积 in m²; `plannedAreaAtLeast` is the documents' "+" (150+ = at least 150). */
  @Column({ name: 'planned_area_m2', type: 'integer', nullable: true })
  plannedAreaM2!: number | null;

  @Column({ name: 'planned_area_at_least', type: 'boolean' })
  plannedAreaAtLeast!: boolean;

  /** 建设类型: 新建 (new) or 改建 (renovation). */
  @Column({ name: 'construction_type', type: 'text', nullable: true })
  constructionType!: ConstructionType | null;

  /** 目前建设进度: 已选址, 建设中, 已建成. */
  @Column({ type: 'text', nullable: true })
  progress!: ConstructionProgress | null;

  /** 室内服务场所实际面积, whole m². */
  @Column({ name: 'actual_area_m2', type: 'integer', nullable: true })
  actualAreaM2!: number | null;

  /** 项目详细地址 */
  @Column({ type: 'text', nullable: true })
  address!: string | null;

  /** The county's employment service had no recruitment hall (the documents' bold counties). */
  @Column({ name: 'no_recruitment_hall', type: 'boolean' })
  noRecruitmentHall!: boolean;

  @VersionColumn()
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
