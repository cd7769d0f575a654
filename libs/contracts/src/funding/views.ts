import { z } from 'zod';
import { regionLevelSchema } from '../regions';
import { rateSchema } from './amount';
import { expenditureCategorySchema, expenditureFlagSchema, fundingSourceSchema } from './sources';

/** Amounts in answers: 万元 with exactly two decimals ("60.00"), computed from integer fen. */
const wan = z.string().regex(/^-?\d+\.\d{2}$/);

/** A county project as the funding service knows it (from `ProjectRegistered`). */
export const fundingProjectSchema = z.object({
  projectId: z.uuid(),
  programmeId: z.uuid(),
  programmeCode: z.string(),
  programmeYear: z.number().int(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  cityRegionCode: z.string().nullable(),
  cityName: z.string().nullable(),
  provinceRegionCode: z.string().nullable(),
  provinceName: z.string().nullable(),
  population: z.number().int().nullable(),
  populationSource: z.string().nullable(),
});
export type FundingProject = z.infer<typeof fundingProjectSchema>;

export const allocationSchema = z.object({
  source: fundingSourceSchema,
  amountWan: wan,
  updatedAt: z.iso.datetime({ offset: true }),
  updatedBy: z.string(),
});
export type AllocationView = z.infer<typeof allocationSchema>;

/**
 * Money records are append-only: an entry is never edited or deleted. A correction is a reversal entry (冲销)
 * of the opposite amount that names the entry it offsets (`reversesId`) and says why (`reason`); the
 * original then names its reversal (`reversedById`). An entry is reversed at most once, and a reversal is
 * never reversed itself, so every sum over the ledger stays exact.
 */
const reversalLinks = {
  /** This entry is the reversal of that one (its amount is the exact negative). */
  reversesId: z.uuid().nullable(),
  /** This entry was reversed by that one. */
  reversedById: z.uuid().nullable(),
  /** Why it was reversed (on the reversal entry). */
  reason: z.string().nullable(),
};

/** 拨付: money paid out to the county under a document (文号). */
export const disbursementSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  source: fundingSourceSchema,
  amountWan: wan,
  date: z.iso.date(),
  documentNumber: z.string(),
  recordedBy: z.string(),
  /** Who recorded it as people read it: the account's 姓名或单位 then (its username for entries from before). */
  recordedByName: z.string(),
  recordedAt: z.iso.datetime({ offset: true }),
  ...reversalLinks,
});
export type DisbursementView = z.infer<typeof disbursementSchema>;

/** 支出: what the county spent, on what, from which source; `flags` say what someone must look at. */
export const expenditureSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  source: fundingSourceSchema,
  category: expenditureCategorySchema,
  amountWan: wan,
  date: z.iso.date(),
  payee: z.string(),
  note: z.string(),
  attachmentRef: z.string().nullable(),
  /** Flags raised when it was recorded; kept as they were when the entry is reversed. */
  flags: z.array(expenditureFlagSchema),
  recordedBy: z.string(),
  /** Who recorded it as people read it: the account's 姓名或单位 then (its username for entries from before). */
  recordedByName: z.string(),
  recordedAt: z.iso.datetime({ offset: true }),
  ...reversalLinks,
});
export type ExpenditureView = z.infer<typeof expenditureSchema>;

/** Allocated, disbursed and spent, and the execution rate (spent / allocated, four decimals). */
export const fundingFiguresSchema = z.object({
  allocatedWan: wan,
  disbursedWan: wan,
  spentWan: wan,
  executionRate: rateSchema,
});
export type FundingFigures = z.infer<typeof fundingFiguresSchema>;

export const sourceFiguresSchema = fundingFiguresSchema.extend({ source: fundingSourceSchema });
export type SourceFigures = z.infer<typeof sourceFiguresSchema>;

/** The money columns of a county's 附件1 row: 省级支持资金, 市级配套资金, 县级配套资金 (allocated; null: none set). */
export const annex1MoneySchema = z.object({
  provinceWan: wan.nullable(),
  cityWan: wan.nullable(),
  countyWan: wan.nullable(),
});
export type Annex1Money = z.infer<typeof annex1MoneySchema>;

/**
 * How many of a county's latest disbursements and expenditures its funding page carries; the rest are paged
 * (`GET /api/projects/:id/expenditures`). A ledger grows with every receipt, and an answer must stay far
 * below what the bus carries in one message.
 */
export const LEDGER_PAGE_SIZE = 200;

/** `GET /api/projects/:id/funding`: the latest entries (at most LEDGER_PAGE_SIZE each), oldest first; totals over all. */
export const projectFundingSchema = z.object({
  project: fundingProjectSchema,
  allocations: z.array(allocationSchema),
  disbursements: z.array(disbursementSchema),
  expenditures: z.array(expenditureSchema),
  /** How many the ledger holds in all (more than listed when over LEDGER_PAGE_SIZE). */
  disbursementCount: z.number().int(),
  expenditureCount: z.number().int(),
  totals: z.object({ bySource: z.array(sourceFiguresSchema), all: fundingFiguresSchema }),
  annex1: annex1MoneySchema,
});
export type ProjectFunding = z.infer<typeof projectFundingSchema>;

/** One region's line of a rollup: its figures per source and over all sources. */
export const rollupRowSchema = z.object({
  regionCode: z.string(),
  regionName: z.string().nullable(),
  level: regionLevelSchema,
  counties: z.number().int(),
  bySource: z.array(sourceFiguresSchema),
  all: fundingFiguresSchema,
});
export type RollupRow = z.infer<typeof rollupRowSchema>;

/** A programme's budget line: what the source puts in, what is allocated so far, what remains. */
export const budgetLineSchema = z.object({
  source: fundingSourceSchema,
  budgetWan: wan,
  allocatedWan: wan,
  unallocatedWan: wan,
});
export type BudgetLine = z.infer<typeof budgetLineSchema>;

/** `GET|PUT /api/funding/budgets`: a programme's budget per source (sources without a budget have no line). */
export const programmeBudgetSchema = z.object({
  programmeCode: z.string(),
  lines: z.array(budgetLineSchema),
});
export type ProgrammeBudgetView = z.infer<typeof programmeBudgetSchema>;

/**
 * `GET /api/funding/rollup?region=CODE`: the region, its child regions (cities of a province, counties of a
 * city), and the programme's budget with its unallocated remainder. The children add up to the region
 * exactly, to the fen.
 */
export const rollupSchema = z.object({
  programmeCode: z.string(),
  programmeYear: z.number().int(),
  region: rollupRowSchema,
  children: z.array(rollupRowSchema),
  budget: z.array(budgetLineSchema),
});
export type Rollup = z.infer<typeof rollupSchema>;

/** One line of 附件4 (省级资金安排分配表). */
export const annex4RowSchema = z.object({
  number: z.number().int(),
  projectId: z.uuid(),
  cityName: z.string().nullable(),
  regionCode: z.string(),
  countyName: z.string(),
  population: z.number().int().nullable(),
  populationSource: z.string().nullable(),
  specialWan: wan,
  employmentWan: wan,
  /** 合计: the province's two funds. */
  totalWan: wan,
  /** 市级配套, 县级配套 (allocated), beside the province's money as 附件1 shows them. */
  cityWan: wan,
  countyWan: wan,
});

/** `GET /api/funding/annex4?region=CODE`: the total line (全省总计, or the city's) and the county lines. */
export const annex4Schema = z.object({
  programmeCode: z.string(),
  programmeYear: z.number().int(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  total: z.object({
    counties: z.number().int(),
    /**
     * The total line's population base: the region's own figure when the projects service gave one (the
     * province's 34,804,758 from 山西统计年鉴-2022: `populationBasis: 'region'`), else the sum of the county
     * rows (`'sum_of_counties'`), which may mix statistics. `populationSources` names where it comes from:
     * the region's source, or every county source in the sum.
     */
    population: z.number().int(),
    populationBasis: z.enum(['region', 'sum_of_counties']),
    populationSources: z.array(z.string()),
    /** The county rows' population bases added up, always given, to compare with a region's own figure. */
    countiesPopulation: z.number().int(),
    specialWan: wan,
    employmentWan: wan,
    totalWan: wan,
    cityWan: wan,
    countyWan: wan,
  }),
  rows: z.array(annex4RowSchema),
});
export type Annex4 = z.infer<typeof annex4Schema>;

/** A calculator result line: one county and what it would get. */
export const calculatorLineSchema = z.object({
  projectId: z.uuid(),
  regionCode: z.string(),
  regionName: z.string(),
  cityName: z.string().nullable(),
  population: z.number().int().nullable(),
  /** Given as a fixed amount rather than computed. */
  fixed: z.boolean(),
  amountWan: wan,
  /** The allocation of this source before (null: none). */
  previousWan: wan.nullable(),
});

export const calculatorResultSchema = z.object({
  programmeCode: z.string(),
  source: fundingSourceSchema,
  totalWan: wan,
  counties: z.number().int(),
  lowestWan: wan,
  highestWan: wan,
  lines: z.array(calculatorLineSchema),
  /** True once written (commit); a preview writes nothing. */
  committed: z.boolean(),
});
export type CalculatorResult = z.infer<typeof calculatorResultSchema>;

/** `GET /api/projects/:id/expenditures`: a page of the ledger's expenditures, newest first. */
export const expenditurePageSchema = z.object({
  items: z.array(expenditureSchema),
  /** Pass as `before` for the next (older) page; null on the last. */
  nextBefore: z.string().nullable(),
});
export type ExpenditurePage = z.infer<typeof expenditurePageSchema>;

/**
 * A flagged expenditure as a city or the province reviews them across counties: the entry, and the county it
 * belongs to.
 */
export const flaggedExpenditureSchema = expenditureSchema.extend({
  regionCode: z.string(),
  regionName: z.string(),
  cityName: z.string().nullable(),
});

/** `GET /api/funding/flagged-expenditures?region=CODE`: the region's flagged expenditures, newest first. */
export const flaggedExpendituresSchema = z.object({
  programmeCode: z.string(),
  items: z.array(flaggedExpenditureSchema),
  /** True when there were more than the answer carries (FLAGGED_PAGE_SIZE). */
  truncated: z.boolean(),
});
export type FlaggedExpenditures = z.infer<typeof flaggedExpendituresSchema>;

/** How many flagged expenditures one answer carries, newest first: a review list, not an export. */
export const FLAGGED_PAGE_SIZE = 500;
