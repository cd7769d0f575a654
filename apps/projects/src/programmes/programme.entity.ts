import type { MilestoneTemplateItemData, ReminderPolicy } from '@duban/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One milestone of the template: `due` is MM-DD in the programme's year; `after` names prerequisite keys. */
export type MilestoneTemplateItem = MilestoneTemplateItemData;

/**
 * A public programme over one region tree, e.g. 2023's 公益性零工市场县县全覆盖 over 山西省's 117 counties.
 * Everything that varies between programmes (milestone template, rubric, funding sources, reminder
 * policy) is data hung off this row, so a new year or programme is a new row, not a code change.
 */
@Entity({ name: 'programme' })
export class Programme {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable key other services use (e.g. funding's budgets), e.g. 'shanxi-2023-gig-markets'. */
  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'integer' })
  year!: number;

  /** The region whose counties take part (the province). */
  @Column({ name: 'root_region_code', type: 'text' })
  rootRegionCode!: string;

  /** How many counties the programme covers, as the documents state it (117). */
  @Column({ name: 'county_count', type: 'integer' })
  countyCount!: number;

  /** The milestones every county's project gets, due dates as month-day in the programme's year. */
  @Column({ name: 'milestone_template', type: 'jsonb' })
  milestoneTemplate!: MilestoneTemplateItem[];

  /** When reminders, overdue alerts and escalations go out (read by the notifications service via events). */
  @Column({ name: 'reminder_policy', type: 'jsonb' })
  reminderPolicy!: ReminderPolicy;

  /** Day of the month by which the month's report is due; a report filed after it is marked late. */
  @Column({ name: 'report_due_day', type: 'integer' })
  reportDueDay!: number;

  /** From this month of the programme's year on, the three operating figures are required (10 = October). */
  @Column({ name: 'operating_figures_from_month', type: 'integer' })
  operatingFiguresFromMonth!: number;

  /** A milestone not done and due within this many working days shows yellow. */
  @Column({ name: 'yellow_within_working_days', type: 'integer' })
  yellowWithinWorkingDays!: number;

  /** The programme this one was copied from (a new year from last year's template). */
  @Column({ name: 'source_programme_id', type: 'uuid', nullable: true })
  sourceProgrammeId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
