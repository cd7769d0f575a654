import type { ApiBodyOptions } from '@nestjs/swagger';
import { z } from 'zod';

/** Swagger's schema object type, which the package does not export by name. */
type SchemaObject = Extract<ApiBodyOptions, { schema: unknown }>['schema'];

/**
 * The OpenAPI form of a contract's zod schema, so /api/docs shows exactly what the pipe validates and the
 * service answers. `input` for bodies and queries, `output` for answers.
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output'): SchemaObject {
  return z.toJSONSchema(schema, { io, target: 'openapi-3.0', unrepresentable: 'any' }) as SchemaObject;
}

/** The standard answers of a route that reads or writes projects data, for the OpenAPI document. */
export const PROBLEM = {
  badRequest: { status: 400, description: '请求有误：`errors` 列出每个字段及原因（problem+json）' },
  forbidden: { status: 403, description: '您的角色无权执行此操作（已记录）' },
  conflict: { status: 409, description: '与当前状态冲突：`detail` 说明原因' },
} as const;
