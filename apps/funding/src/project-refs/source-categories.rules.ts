import {
  SOURCE_ALLOWED_CATEGORIES,
  type ExpenditureCategory,
  type FundingSource,
  type FundingSourceRule,
} from '@duban/contracts';

/** Which categories each source may pay for in one programme; a source the programme does not have: none. */
export type SourceCategories = ReadonlyMap<FundingSource, readonly ExpenditureCategory[]>;

/**
 * A programme's rules as a lookup. `null` (the programme's events carried none: it was set up before
 * templates) means the documents' rules, the ones the shipped template `gig-markets` version 1 carries too.
 */
export function sourceCategories(rules: readonly FundingSourceRule[] | null): SourceCategories {
  const given =
    rules ??
    Object.entries(SOURCE_ALLOWED_CATEGORIES).map(([source, allowedCategories]) => ({
      source: source as FundingSource,
      allowedCategories: [...allowedCategories],
    }));
  return new Map(given.map((rule) => [rule.source, rule.allowedCategories]));
}
