import type { FundingSource } from '@duban/contracts';
import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** `pg` returns bigint as a string (it may exceed a double); money stays a bigint from the row onwards. */
const fen: ValueTransformer = {
  to: (value: bigint | undefined) => (value === undefined ? value : value.toString()),
  from: (value: string | null) => (value === null ? value : BigInt(value)),
};

/** What one source puts into a programme in total (附件4's column totals), in fen. */
@Entity({ name: 'programme_budget' })
export class ProgrammeBudget {
  /** The programme's stable code in the projects service, e.g. 'shanxi-2023-gig-markets'. */
  @PrimaryColumn({ name: 'programme_code', type: 'text' })
  programmeCode!: string;

  @PrimaryColumn({ type: 'text' })
  source!: FundingSource;

  @Column({ name: 'amount_fen', type: 'bigint', transformer: fen })
  amountFen!: bigint;
}
