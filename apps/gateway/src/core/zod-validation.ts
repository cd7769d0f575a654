import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { parseOrThrow } from '@duban/contracts';
import type { z } from 'zod';

/**
 * Validates a body, query or param with a contract's zod schema. Bad input becomes a ValidationError,
 * which the problem-details filter turns into 400 with `errors: [{field, message}]`, before any service
 * is asked to do anything. Use as `@Body(new ZodValidation(schema))`.
 */
@Injectable()
export class ZodValidation<T> implements PipeTransform<unknown, T> {
  constructor(private readonly schema: z.ZodType<T>) {}

  transform(value: unknown, _metadata: ArgumentMetadata): T {
    return parseOrThrow(this.schema, value);
  }
}
