import type { ApiBodyOptions } from '@nestjs/swagger';
import { z } from 'zod';

/** Swagger's schema object type, which the package does not export by name. */
export type SchemaObject = Extract<ApiBodyOptions, { schema: unknown }>['schema'];

/**
 * The OpenAPI form of a contract's zod schema, so /api/docs shows exactly what the gateway validates and the
 * service answers. `input` for bodies and queries, `output` for answers.
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output'): SchemaObject {
  return z.toJSONSchema(schema, { io, target: 'openapi-3.0', unrepresentable: 'any' }) as SchemaObject;
}

/** `{items: [...]}` of an answer, as the document shows the lists that are not wrapped in their own schema. */
export function itemsOf(schema: z.ZodType): SchemaObject {
  return { type: 'object', properties: { items: { type: 'array', items: openApiSchema(schema, 'output') } } };
}

/** The standard answers of a route that reads or writes projects data, for the OpenAPI document. */
export const PROBLEM = {
  badRequest: '请求有误：`errors` 列出每个字段及原因（problem+json）',
  forbidden: '您的角色无权执行此操作（已记录）',
  conflict: '与当前状态冲突：`detail` 说明原因',
} as const;
