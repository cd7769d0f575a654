import { z } from 'zod';

/**
 * An amount as people type it and read it: 万元 as a decimal string with at most two places ("2.50").
 * Strings, never JSON numbers, so no client's floating point touches a ledger. The upper bound keeps every
 * sum of amounts far inside a bigint column and a JavaScript safe integer of fen alike (10亿万元).
 */
const WAN_TEXT = /^\d+(\.\d{1,2})?$/;
const MAX_WAN_DIGITS = 9;

function wanSchema(allowZero: boolean) {
  return z.string({ error: '金额必须是以万元为单位的字符串，如 "2.50"' }).superRefine((value, context) => {
    if (value.startsWith('-')) {
      context.addIssue({ code: 'custom', message: '金额不能为负数' });
    } else if (/^\d+\.\d{3,}$/.test(value)) {
      context.addIssue({ code: 'custom', message: '金额最多保留两位小数（万元）' });
    } else if (!WAN_TEXT.test(value)) {
      context.addIssue({
        code: 'custom',
        message: `金额格式不正确：应为万元、最多两位小数，如 "2.50"，收到 "${value}"`,
      });
    } else if (value.split('.')[0].replace(/^0+(?=\d)/, '').length > MAX_WAN_DIGITS) {
      context.addIssue({ code: 'custom', message: '金额过大' });
    } else if (!allowZero && /^0+(\.0{1,2})?$/.test(value)) {
      context.addIssue({ code: 'custom', message: '金额必须大于 0' });
    }
  });
}

/** A positive amount in 万元 (a payment, a disbursement). */
export const amountWanSchema = wanSchema(false);
/** An amount in 万元 that may be zero (an allocation, a calculator bound). */
export const amountWanOrZeroSchema = wanSchema(true);

/** A ratio such as an execution rate: spent / allocated, four decimals ("0.2500"); null when nothing was allocated. */
export const rateSchema = z
  .string()
  .regex(/^\d+\.\d{4}$/)
  .nullable();
