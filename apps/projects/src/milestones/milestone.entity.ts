import type { Evidence, MilestoneStatus } from '@duban/contracts';
import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

/** One reopening of a done milestone: why, when, by whom, and the completion it undid. */
export interface Reopening {
  reason: string;
  reopenedAt: string;
  reopenedBy: string;
  previous: { completedAt: string; completedBy: string | null; evidence: StoredEvidence | null };
}

/** Evidence as stored: what the user gave, and who gave it (name as shown at the time). */
export type StoredEvidence = Evidence & { recordedBy?: { userId: string; username: string; displayName: string } };

/**
 * A step of a county's project: one of the programme template's (`key` set, due on a local date) or an
 * extra one the county adds (no key, due at an exact instant, with its own reminder plan).
 * Invariants held by the schema: exactly one of dueDate/dueAt; status done ⇔ completedAt set.
 */
@Entity({ name: 'milestone' })
export class Milestone {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  /** Template key (plan, site, push, …); null for an extra milestone. */
  @Column({ type: 'text', nullable: true })
  key!: string | null;

  @Column({ type: 'text' })
  title!: string;

  /** Local date (YYYY-MM-DD, Asia/Shanghai); the milestone falls due at the end of that day. */
  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate!: string | null;

  /** Exact instant (extra milestones). */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ type: 'text' })
  status!: MilestoneStatus;

  /** Prerequisites: milestone ids of the same project. */
  @Column({ name: 'after_ids', type: 'uuid', array: true })
  afterIds!: string[];

  @Column({ name: 'responsible_officer_ids', type: 'uuid', array: true })
  responsibleOfficerIds!: string[];

  /** ISO 8601 offsets from dueAt; null follows the programme's reminder policy. */
  @Column({ name: 'reminder_plan', type: 'text', array: true, nullable: true })
  reminderPlan!: string[] | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** Username of whoever completed it. */
  @Column({ name: 'completed_by', type: 'text', nullable: true })
  completedBy!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  evidence!: StoredEvidence | null;

  @Column({ name: 'reopen_history', type: 'jsonb' })
  reopenHistory!: Reopening[];

  @Column({ type: 'integer' })
  sort!: number;

  @VersionColumn()
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
