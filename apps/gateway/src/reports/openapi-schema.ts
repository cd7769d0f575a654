import type { ApiBodyOptions } from '@nestjs/swagger';
import { z } from 'zod';

/** Swagger's schema object type, which the package does not export by name. */
type SchemaObject = Extract<ApiBodyOptions, { schema: unknown }>['schema'];

/**
 * The OpenAPI form of a contract's zod schema, so /api/docs shows exactly what the pipe validates and the
 * service answers, with no DTO class to drift from the contract. `input` for bodies (defaults optional),
 * `output` for answers.
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output'): SchemaObject {
  return z.toJSONSchema(schema, { io, target: 'openapi-3.0', unrepresentable: 'any' }) as SchemaObject;
}
