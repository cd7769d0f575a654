import type { OfficerRole } from '@duban/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A member of a county's leading group (领导小组): 组长, 副组长 or 成员, with title and unit. */
@Entity({ name: 'officer' })
export class Officer {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  role!: OfficerRole;

  /** e.g. 县人力资源和社会保障局局长 */
  @Column({ type: 'text' })
  title!: string;

  /** e.g. 临县人力资源和社会保障局 */
  @Column({ type: 'text' })
  unit!: string;

  /** The gateway account this officer logs in with, if any; matched against the caller's username. */
  @Column({ type: 'text', nullable: true })
  username!: string | null;

  /** Order as the documents list the group. */
  @Column({ type: 'integer' })
  sort!: number;
}
