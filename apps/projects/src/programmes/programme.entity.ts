import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
