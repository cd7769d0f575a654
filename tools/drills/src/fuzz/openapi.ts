import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../system/app-process';
import type { HttpClient } from '../system/http-client';

/** The subset of JSON Schema (OpenAPI 3.0 flavour) the gateway's document uses. */
export interface Schema {
  readonly $ref?: string;
  readonly type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';
  readonly nullable?: boolean;
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean | number;
  readonly exclusiveMaximum?: boolean | number;
  readonly items?: Schema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Schema;
  readonly oneOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly example?: unknown;
  readonly default?: unknown;
}

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required?: boolean;
  readonly schema?: Schema;
}

export interface Operation {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As the document writes it: `/api/projects/{id}`. */
  readonly path: string;
  readonly parameters: readonly Parameter[];
  /** The JSON body's schema, `multipart` for an upload, or none. */
  readonly body:
    | { readonly kind: 'json'; readonly schema: Schema; readonly required: boolean }
    | { readonly kind: 'multipart' }
    | undefined;
  /** Anyone may call it without a token. */
  readonly public: boolean;
}

export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, RawOperation>>;
  readonly components?: { readonly schemas?: Record<string, Schema> };
}

interface RawOperation {
  readonly parameters?: Parameter[];
  readonly requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  readonly security?: unknown[];
}

const COMMITTED = join(ROOT, 'apps/web/src/api/openapi.json');

/**
 * The gateway's OpenAPI document as it serves it (`/api/docs/openapi.json`, or `/api/docs-json`), else the
 * committed copy the web app is generated from. Says which one it used.
 */
export async function loadDocument(http: HttpClient): Promise<{ document: OpenApiDocument; source: string }> {
  for (const path of ['/api/docs/openapi.json', '/api/docs-json']) {
    try {
      const answer = await http.request(path);
      if (answer.status === 200 && typeof answer.body === 'object' && answer.body?.paths) {
        return { document: answer.body as OpenApiDocument, source: `served at ${path}` };
      }
    } catch {
      // try the next
    }
  }
  return { document: JSON.parse(readFileSync(COMMITTED, 'utf8')) as OpenApiDocument, source: COMMITTED };
}

/** Every operation of the document, with `$ref`s resolved. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const resolve = (schema: Schema): Schema => resolveRefs(schema, document);
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = raw.requestBody?.content ?? {};
      const json = content['application/json']?.schema;
      const body = content['multipart/form-data']
        ? ({ kind: 'multipart' } as const)
        : json
          ? ({ kind: 'json', schema: resolve(json), required: raw.requestBody?.required ?? false } as const)
          : undefined;
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        parameters: (raw.parameters ?? []).map((p) => ({ ...p, schema: p.schema ? resolve(p.schema) : undefined })),
        body,
        public: path === '/api/auth/login' || path === '/api/health',
      });
    }
  }
  return operations;
}

function resolveRefs(schema: Schema, document: OpenApiDocument, depth = 0): Schema {
  if (depth > 20) return schema;
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved ${schema.$ref}`);
    return resolveRefs(target, document, depth + 1);
  }
  const out: Record<string, unknown> = { ...schema };
  if (schema.items) out.items = resolveRefs(schema.items, document, depth + 1);
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [key, resolveRefs(value, document, depth + 1)]),
    );
  }
  if (schema.oneOf) out.oneOf = schema.oneOf.map((s) => resolveRefs(s, document, depth + 1));
  if (schema.anyOf) out.anyOf = schema.anyOf.map((s) => resolveRefs(s, document, depth + 1));
  if (typeof schema.additionalProperties === 'object') {
    out.additionalProperties = resolveRefs(schema.additionalProperties, document, depth + 1);
  }
  return out as Schema;
}
