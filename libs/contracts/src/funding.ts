import { z } from 'zod';

/**
 * Where a programme's money comes from (附件4): the province's 财政专项资金 (infrastructure) and 就业资金
 * (capacity building), then the city's and the county's matching funds. These values are stored in the
 * funding schema and travel in the HTTP API: they are stable.
 */
export const FUNDING_SOURCES = ['province_special', 'province_employment', 'city', 'county'] as const;
export const fundingSourceSchema = z.enum(FUNDING_SOURCES);
export type FundingSource = z.infer<typeof fundingSourceSchema>;
