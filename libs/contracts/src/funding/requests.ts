import { z } from 'zod';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import { idSchema, localDateSchema, regionCodeSchema, textSchema } from '../projects/common';
import { amountWanOrZeroSchema, amountWanSchema } from './amount';
import { expenditureCategorySchema, fundingSourceSchema } from './sources';
import {
  annex4Schema,
  calculatorResultSchema,
  expenditurePageSchema,
  flaggedExpendituresSchema,
  programmeBudgetSchema,
  projectFundingSchema,
  rollupSchema,
} from './views';

/** `POST /api/projects/:id/expenditures` body. */
export const recordExpenditureBodySchema = z
  .object({
    date: localDateSchema,
    amountWan: amountWanSchema,
    source: fundingSourceSchema,
    category: expenditureCategorySchema,
    payee: textSchema(200),
    note: z.string().trim().max(2000, '不能超过 2000 个字符'),
    attachmentRef: z.string().trim().min(1, '不能为空').max(500, '不能超过 500 个字符').optional(),
  })
  .strict();
export type RecordExpenditureBody = z.infer<typeof recordExpenditureBodySchema>;

/** `POST /api/projects/:id/disbursements` body. */
export const recordDisbursementBodySchema = z
  .object({
    date: localDateSchema,
    amountWan: amountWanSchema,
    source: fundingSourceSchema,
    documentNumber: textSchema(100),
  })
  .strict();
export type RecordDisbursementBody = z.infer<typeof recordDisbursementBodySchema>;

/** `PUT /api/projects/:id/allocations` body: the named sources are set to these amounts; others stay. */
export const setAllocationsBodySchema = z
  .object({
    allocations: z
      .array(z.object({ source: fundingSourceSchema, amountWan: amountWanOrZeroSchema }).strict())
      .min(1, '至少需要一项')
      .superRefine((lines, context) => {
        const seen = new Set<string>();
        lines.forEach((line, index) => {
          if (seen.has(line.source))
            context.addIssue({ code: 'custom', path: [index, 'source'], message: '资金来源重复' });
          seen.add(line.source);
        });
      }),
  })
  .strict();
export type SetAllocationsBody = z.infer<typeof setAllocationsBodySchema>;

const programmeCodeSchema = z.string().trim().min(1, '不能为空').max(100, '不能超过 100 个字符');

/** `GET /api/funding/budgets?programme=CODE` */
export const programmeBudgetQuerySchema = z.object({ programme: programmeCodeSchema }).strict();
export type ProgrammeBudgetQuery = z.infer<typeof programmeBudgetQuerySchema>;

/**
 * `PUT /api/funding/budgets` body (province only): the named sources' budgets are set to these amounts,
 * the others stay. Refused (409) when a budget would fall below what its source has already allocated.
 */
export const setProgrammeBudgetBodySchema = z
  .object({
    programmeCode: programmeCodeSchema,
    budgets: z
      .array(z.object({ source: fundingSourceSchema, amountWan: amountWanOrZeroSchema }).strict())
      .min(1, '至少需要一项')
      .superRefine((lines, context) => {
        const seen = new Set<string>();
        lines.forEach((line, index) => {
          if (seen.has(line.source))
            context.addIssue({ code: 'custom', path: [index, 'source'], message: '资金来源重复' });
          seen.add(line.source);
        });
      }),
  })
  .strict();
export type SetProgrammeBudgetBody = z.infer<typeof setProgrammeBudgetBodySchema>;

/**
 * `POST /api/expenditures/:id/reverse` and `POST /api/disbursements/:id/reverse` body: why. The reversal is
 * an entry of the exact opposite amount, dated the day it is made (Asia/Shanghai); the original stays as it was.
 */
export const reverseEntryBodySchema = z.object({ reason: textSchema(500) }).strict();
export type ReverseEntryBody = z.infer<typeof reverseEntryBodySchema>;

/** A per-county multiplier of the weight, such as 地域 factors: a decimal with at most four places. */
const factorSchema = z.string().regex(/^\d{1,4}(\.\d{1,4})?$/, '系数应为非负小数，最多四位小数，如 "1.2"');

/**
 * The allocation calculator's rule (`POST /api/funding/calculator/preview` and `/commit`): spread `totalWan`
 * (default: the source's budget less what counties outside the spread already hold) over the programme's
 * counties (in `region`, if given): the `fixed` counties get their amount, every other county gets
 * `baseWan` plus a share by weight (population × factor, or equal), held within `minWan`…`maxWan`, rounded
 * to 0.01万元 by largest remainder so the lines add up to the total exactly.
 */
export const calculatorRuleSchema = z
  .object({
    programmeCode: z.string().trim().min(1, '不能为空').max(100),
    source: fundingSourceSchema,
    region: regionCodeSchema.optional(),
    totalWan: amountWanOrZeroSchema.optional(),
    fixed: z
      .array(z.object({ regionCode: regionCodeSchema, amountWan: amountWanOrZeroSchema }).strict())
      .max(1000)
      .default([]),
    baseWan: amountWanOrZeroSchema.default('0.00'),
    weighting: z.enum(['population', 'equal'], { error: '应为 population 或 equal' }).default('population'),
    factors: z
      .array(z.object({ regionCode: regionCodeSchema, factor: factorSchema }).strict())
      .max(1000)
      .default([]),
    minWan: amountWanOrZeroSchema.optional(),
    maxWan: amountWanOrZeroSchema.optional(),
  })
  .strict();
export type CalculatorRule = z.infer<typeof calculatorRuleSchema>;
export type CalculatorRuleInput = z.input<typeof calculatorRuleSchema>;

/** `GET /api/funding/rollup` and `/annex4` query. */
export const fundingRegionQuerySchema = z
  .object({ region: regionCodeSchema, programme: z.string().trim().min(1).max(100).optional() })
  .strict();
export type FundingRegionQuery = z.infer<typeof fundingRegionQuerySchema>;

const projectId = idSchema;

// Request/reply subjects of the funding service. They live on the wire: stable.

export const GetProjectFundingRpc = defineRpc({
  subject: 'funding.project.get',
  service: 'funding',
  request: withActor({ projectId }),
  response: projectFundingSchema,
});

/** `GET /api/projects/:id/expenditures` query: a page, newest first, older than `before` (an expenditure id). */
export const listExpendituresQuerySchema = z
  .object({
    before: idSchema.optional(),
    limit: z.coerce
      .number({ error: '必须是整数' })
      .int('必须是整数')
      .min(1, '至少为 1')
      .max(500, '不能超过 500')
      .default(100),
  })
  .strict();

export const ListExpendituresRpc = defineRpc({
  subject: 'funding.expenditures.list',
  service: 'funding',
  request: withActor({ projectId, ...listExpendituresQuerySchema.shape }),
  response: expenditurePageSchema,
});

export const RecordExpenditureRpc = defineRpc({
  subject: 'funding.expenditure.record',
  service: 'funding',
  request: withActor({ projectId, ...recordExpenditureBodySchema.shape }),
  response: projectFundingSchema.shape.expenditures.element,
});

export const RecordDisbursementRpc = defineRpc({
  subject: 'funding.disbursement.record',
  service: 'funding',
  request: withActor({ projectId, ...recordDisbursementBodySchema.shape }),
  response: projectFundingSchema.shape.disbursements.element,
});

export const SetAllocationsRpc = defineRpc({
  subject: 'funding.allocation.set',
  service: 'funding',
  request: withActor({ projectId, ...setAllocationsBodySchema.shape }),
  response: projectFundingSchema,
});

export const PreviewCalculatorRpc = defineRpc({
  subject: 'funding.calculator.preview',
  service: 'funding',
  request: withActor({ rule: calculatorRuleSchema }),
  response: calculatorResultSchema,
});

export const CommitCalculatorRpc = defineRpc({
  subject: 'funding.calculator.commit',
  service: 'funding',
  request: withActor({ rule: calculatorRuleSchema }),
  response: calculatorResultSchema,
});

export const GetFundingRollupRpc = defineRpc({
  subject: 'funding.rollup.get',
  service: 'funding',
  request: withActor(fundingRegionQuerySchema.shape),
  response: rollupSchema,
});

export const GetAnnex4Rpc = defineRpc({
  subject: 'funding.annex4.get',
  service: 'funding',
  request: withActor(fundingRegionQuerySchema.shape),
  response: annex4Schema,
});

/** The flagged expenditures of every county under a region (city and province). */
export const ListFlaggedExpendituresRpc = defineRpc({
  subject: 'funding.expenditures.flagged',
  service: 'funding',
  request: withActor(fundingRegionQuerySchema.shape),
  response: flaggedExpendituresSchema,
});

export const GetProgrammeBudgetRpc = defineRpc({
  subject: 'funding.budget.get',
  service: 'funding',
  request: withActor(programmeBudgetQuerySchema.shape),
  response: programmeBudgetSchema,
});

export const SetProgrammeBudgetRpc = defineRpc({
  subject: 'funding.budget.set',
  service: 'funding',
  request: withActor(setProgrammeBudgetBodySchema.shape),
  response: programmeBudgetSchema,
});

/** Answers with the reversal entry (its `reversesId` names the original). */
export const ReverseExpenditureRpc = defineRpc({
  subject: 'funding.expenditure.reverse',
  service: 'funding',
  request: withActor({ expenditureId: idSchema, ...reverseEntryBodySchema.shape }),
  response: projectFundingSchema.shape.expenditures.element,
});

export const ReverseDisbursementRpc = defineRpc({
  subject: 'funding.disbursement.reverse',
  service: 'funding',
  request: withActor({ disbursementId: idSchema, ...reverseEntryBodySchema.shape }),
  response: projectFundingSchema.shape.disbursements.element,
});

export type GetProjectFundingRequest = z.infer<typeof GetProjectFundingRpc.request>;
export type RecordExpenditureRequest = z.infer<typeof RecordExpenditureRpc.request>;
export type ListExpendituresRequest = z.infer<typeof ListExpendituresRpc.request>;
export type RecordDisbursementRequest = z.infer<typeof RecordDisbursementRpc.request>;
export type SetAllocationsRequest = z.infer<typeof SetAllocationsRpc.request>;
export type CalculatorRequest = z.infer<typeof PreviewCalculatorRpc.request>;
export type FundingRegionRequest = z.infer<typeof GetFundingRollupRpc.request>;
export type GetProgrammeBudgetRequest = z.infer<typeof GetProgrammeBudgetRpc.request>;
export type SetProgrammeBudgetRequest = z.infer<typeof SetProgrammeBudgetRpc.request>;
export type ReverseExpenditureRequest = z.infer<typeof ReverseExpenditureRpc.request>;
export type ReverseDisbursementRequest = z.infer<typeof ReverseDisbursementRpc.request>;
