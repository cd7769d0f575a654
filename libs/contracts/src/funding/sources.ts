import { z } from 'zod';

/**
 * Where a programme's money comes from (附件4): the province's 财政专项资金 (infrastructure) and 就业资金
 * (capacity building), then the city's and the county's matching funds. These values are stored in the
 * funding schema and travel in the HTTP API: they are stable.
 */
export const FUNDING_SOURCES = ['province_special', 'province_employment', 'city', 'county'] as const;
export const fundingSourceSchema = z.enum(FUNDING_SOURCES, {
  error: `资金来源未知：应为 ${FUNDING_SOURCES.join('、')} 之一`,
});
export type FundingSource = z.infer<typeof fundingSourceSchema>;

/** How the documents name each source (附件4 and 附件1 column heads). */
export const FUNDING_SOURCE_LABELS: Readonly<Record<FundingSource, string>> = {
  province_special: '财政专项资金',
  province_employment: '就业资金',
  city: '市级配套资金',
  county: '县级配套资金',
};

/** The province's own sources: their totals are the programme budget (附件4), allocated by the province. */
export const PROVINCE_SOURCES: readonly FundingSource[] = ['province_special', 'province_employment'];

/**
 * What an expenditure paid for. Stored in the funding schema and carried in the API: stable values.
 * The special fund pays for infrastructure (基础建设: hardware, fit-out, rent); the employment fund for
 * capacity building (能力建设: training, services, staff), as the checklist's item 5 puts it.
 */
export const EXPENDITURE_CATEGORIES = [
  'hardware',
  'fit_out',
  'rent',
  'training',
  'services',
  'staff',
  'other',
] as const;
export const expenditureCategorySchema = z.enum(EXPENDITURE_CATEGORIES, {
  error: `支出类别未知：应为 ${EXPENDITURE_CATEGORIES.join('、')} 之一`,
});
export type ExpenditureCategory = z.infer<typeof expenditureCategorySchema>;

export const EXPENDITURE_CATEGORY_LABELS: Readonly<Record<ExpenditureCategory, string>> = {
  hardware: '硬件设施',
  fit_out: '场地装修',
  rent: '场地租赁',
  training: '培训',
  services: '就业服务',
  staff: '服务人员',
  other: '其他',
};

/** The use each category belongs to, as 附件4's column heads name it; `other` belongs to none. */
export const EXPENDITURE_CATEGORY_USES: Readonly<Record<ExpenditureCategory, string | null>> = {
  hardware: '基础建设',
  fit_out: '基础建设',
  rent: '基础建设',
  training: '能力建设',
  services: '能力建设',
  staff: '能力建设',
  other: null,
};

/**
 * Which categories each source may pay for. Provincial money is tied to its use (附件2 item 5: 专项资金用于
 * 基础建设…；就业资金用于能力建设，按规定列支); the city's and the county's matching funds may pay for anything.
 * A programme with other rules is a later change of this table, not of the code that reads it.
 */
export const SOURCE_ALLOWED_CATEGORIES: Readonly<Record<FundingSource, readonly ExpenditureCategory[]>> = {
  province_special: ['hardware', 'fit_out', 'rent'],
  province_employment: ['training', 'services', 'staff'],
  city: EXPENDITURE_CATEGORIES,
  county: EXPENDITURE_CATEGORIES,
};

/** Flags an expenditure can carry: recorded, but someone must look at it. Stable codes. */
export const EXPENDITURE_FLAG_CODES = ['source_category_mismatch', 'over_allocation'] as const;
export const expenditureFlagSchema = z.object({ code: z.enum(EXPENDITURE_FLAG_CODES), message: z.string() });
export type ExpenditureFlag = z.infer<typeof expenditureFlagSchema>;
