import { EXPENDITURE_CATEGORIES, FUNDING_SOURCES, SOURCE_ALLOWED_CATEGORIES } from '@duban/contracts';
import { sourceCategories } from '../project-refs/source-categories.rules';
import { expenditureFlags } from './expenditure-rules';

/** The documents' rules: what a programme without template rules follows, and gig-markets v1 carries. */
const DOCUMENTS = sourceCategories(null);

const within = { allocatedFen: 100_000_000n, spentFen: 0n };

describe('expenditure flags', () => {
  it('flags a special-fund payment for training, in the words of the checklist', () => {
    expect(expenditureFlags('province_special', 'training', 20_000n, within, DOCUMENTS)).toEqual([
      { code: 'source_category_mismatch', message: '财政专项资金不得用于培训（能力建设）支出' },
    ]);
    expect(expenditureFlags('province_employment', 'hardware', 20_000n, within, DOCUMENTS)).toEqual([
      { code: 'source_category_mismatch', message: '就业资金不得用于硬件设施（基础建设）支出' },
    ]);
    expect(expenditureFlags('province_special', 'other', 20_000n, within, DOCUMENTS)[0]?.message).toBe(
      '财政专项资金不得用于其他支出',
    );
  });

  it('lets each source pay for exactly its categories; matching funds for anything', () => {
    const table = FUNDING_SOURCES.map((source) => [
      source,
      EXPENDITURE_CATEGORIES.filter(
        (category) => expenditureFlags(source, category, 1n, within, DOCUMENTS).length === 0,
      ),
    ]);
    expect(table).toEqual([
      ['province_special', ['hardware', 'fit_out', 'rent']],
      ['province_employment', ['training', 'services', 'staff']],
      ['city', [...EXPENDITURE_CATEGORIES]],
      ['county', [...EXPENDITURE_CATEGORIES]],
    ]);
    expect(SOURCE_ALLOWED_CATEGORIES.city).toEqual(EXPENDITURE_CATEGORIES);
  });

  it('flags spending beyond the allocation, with the amounts', () => {
    expect(
      expenditureFlags(
        'province_special',
        'hardware',
        300_000n,
        { allocatedFen: 10_000_000n, spentFen: 9_800_000n },
        DOCUMENTS,
      ),
    ).toEqual([{ code: 'over_allocation', message: '财政专项资金累计支出 10.10万元，超过已分配的 10.00万元' }]);
    expect(
      expenditureFlags(
        'province_special',
        'hardware',
        200_000n,
        { allocatedFen: 10_000_000n, spentFen: 9_800_000n },
        DOCUMENTS,
      ),
    ).toEqual([]);
    // No allocation: provincial money counts as none allocated; the county's own is not tracked against one.
    expect(
      expenditureFlags('province_employment', 'training', 10_000n, { allocatedFen: null, spentFen: 0n }, DOCUMENTS),
    ).toHaveLength(1);
    expect(expenditureFlags('county', 'other', 10_000n, { allocatedFen: null, spentFen: 0n }, DOCUMENTS)).toEqual([]);
  });

  it('follows the programme’s own rules when its template sets them', () => {
    const template = sourceCategories([
      { source: 'province_special', allowedCategories: ['hardware', 'training'] },
      { source: 'county', allowedCategories: ['other'] },
    ]);
    expect(expenditureFlags('province_special', 'training', 1n, within, template)).toEqual([]);
    expect(expenditureFlags('province_special', 'rent', 1n, within, template)[0]?.message).toBe(
      '财政专项资金不得用于场地租赁（基础建设）支出',
    );
    expect(expenditureFlags('city', 'other', 1n, { allocatedFen: null, spentFen: 0n }, template)).toEqual([
      { code: 'source_category_mismatch', message: '本计划没有市级配套资金，该来源不得列支' },
    ]);
  });
});
