import type { MonthlyReportStatus, ReportHistoryEntry } from '@duban/contracts';
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import type { ConstructionProgress, ConstructionType } from '../projects/county-project.entity';

/**
 * A county project's monthly report (月报) for one month: the 附件1 columns, where it stands in the
 * submit → return/accept cycle, and that cycle's history. One per project and month (a unique key).
 */
@Entity({ name: 'monthly_report' })
export class MonthlyReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  /** 'YYYY-MM' */
  @Column({ type: 'text' })
  month!: string;

  /** 建设类型 */
  @Column({ name: 'construction_type', type: 'text', nullable: true })
  constructionType!: ConstructionType | null;

  /** 目前建设进度 */
  @Column({ type: 'text', nullable: true })
  progress!: ConstructionProgress | null;

  /** 室内服务场所实际面积, whole m² */
  @Column({ name: 'actual_area_m2', type: 'integer', nullable: true })
  actualAreaM2!: number | null;

  /** 项目详细地址 */
  @Column({ type: 'text', nullable: true })
  address!: string | null;

  /** 本月工作内容 */
  @Column({ name: 'work_content', type: 'text' })
  workContent!: string;

  /** 工作困难难点 */
  @Column({ type: 'text' })
  difficulties!: string;

  /** 意见建议 */
  @Column({ type: 'text' })
  suggestions!: string;

  /** 当月提供零工岗位数 */
  @Column({ name: 'gig_jobs_offered', type: 'integer', nullable: true })
  gigJobsOffered!: number | null;

  /** 当月服务零工人次 */
  @Column({ name: 'gig_worker_visits', type: 'integer', nullable: true })
  gigWorkerVisits!: number | null;

  /** 当月达成意向上岗人次 */
  @Column({ type: 'integer', nullable: true })
  placements!: number | null;

  @Column({ type: 'text' })
  status!: MonthlyReportStatus;

  /** Set once, at the first submission (see `isLate`). */
  @Column({ type: 'boolean' })
  late!: boolean;

  /** The latest (re)submission. */
  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  /** Username of whoever made the latest (re)submission. */
  @Column({ name: 'submitted_by', type: 'text' })
  submittedBy!: string;

  @Column({ name: 'review_comment', type: 'text', nullable: true })
  reviewComment!: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @Column({ name: 'reviewed_by', type: 'text', nullable: true })
  reviewedBy!: string | null;

  /** Every step of the cycle, oldest first; only ever appended to. */
  @Column({ type: 'jsonb' })
  history!: ReportHistoryEntry[];

  @VersionColumn()
  version!: number;
}
