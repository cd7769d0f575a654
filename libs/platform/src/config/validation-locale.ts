import { z } from 'zod';

/**
 * Validation messages reach users (problem+json `errors[].message`, shown beside form fields), so they are
 * in Chinese. Field names stay as the API spells them. Called once per process at start.
 */
export function useChineseValidationMessages(): void {
  z.config(z.locales.zhCN());
}
