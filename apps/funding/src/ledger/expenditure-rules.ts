import {
  EXPENDITURE_CATEGORY_LABELS,
  EXPENDITURE_CATEGORY_USES,
  FUNDING_SOURCE_LABELS,
  PROVINCE_SOURCES,
  fenToWan,
  type ExpenditureCategory,
  type ExpenditureFlag,
  type FundingSource,
} from '@duban/contracts';
import type { SourceCategories } from '../project-refs/source-categories.rules';

export interface SpendingSoFar {
  /** The county's allocation from this source; null when none was set. */
  readonly allocatedFen: bigint | null;
  /** What the county had spent from this source before this expenditure. */
  readonly spentFen: bigint;
}

/**
 * What an expenditure must be flagged for. It is recorded either way (the money is spent; the ledger must
 * say so), but a flag reaches the city officer:
 * - `source_category_mismatch`: the source may not pay for the category under the programme's rules
 *   (`categories`, from its template), or the programme has no such source at all;
 * - `over_allocation`: spending from the source now exceeds the county's allocation from it (a provincial
 *   source with no allocation counts as 0; the city's and county's own funds only when one was set).
 */
export function expenditureFlags(
  source: FundingSource,
  category: ExpenditureCategory,
  amountFen: bigint,
  soFar: SpendingSoFar,
  categories: SourceCategories,
): ExpenditureFlag[] {
  const flags: ExpenditureFlag[] = [];
  const allowed = categories.get(source);
  if (!allowed) {
    flags.push({
      code: 'source_category_mismatch',
      message: `本计划没有${FUNDING_SOURCE_LABELS[source]}，该来源不得列支`,
    });
  } else if (!allowed.includes(category)) {
    const use = EXPENDITURE_CATEGORY_USES[category];
    flags.push({
      code: 'source_category_mismatch',
      message: `${FUNDING_SOURCE_LABELS[source]}不得用于${EXPENDITURE_CATEGORY_LABELS[category]}${use ? `（${use}）` : ''}支出`,
    });
  }
  const allocated = soFar.allocatedFen ?? (PROVINCE_SOURCES.includes(source) ? 0n : null);
  const after = soFar.spentFen + amountFen;
  if (allocated !== null && after > allocated) {
    flags.push({
      code: 'over_allocation',
      message: `${FUNDING_SOURCE_LABELS[source]}累计支出 ${fenToWan(after)}万元，超过已分配的 ${fenToWan(allocated)}万元`,
    });
  }
  return flags;
}
