import type { FieldError } from '@duban/contracts';

/**
 * Rules every request's input obeys whatever its route, checked at the edge before any route's own schema
 * (pure: no Fastify, no Nest).
 */

export const NUL_MESSAGE = '不能包含空字符';

/** At most this many fields are named in one answer: a large body full of NULs is not echoed whole. */
const MAX_NAMED = 20;

/** A key as a field's name: a NUL in the key itself is spelled out, so the answer stays printable. */
const keyName = (key: string) => key.replaceAll('\u0000', '\\u0000');

/**
 * The fields of a parsed request part (path parameters, query, JSON body) whose text — a key or a value, at
 * any depth — holds a NUL character (U+0000). Postgres refuses NUL in text and jsonb (22021, 22P05), so such
 * input could only ever end as a 500; it is refused with the field named as the routes' schemas name them
 * (dotted paths, `scores.0.note`), or `(body)` for a body that is one string. Walks without recursion, so
 * a deeply nested body cannot overflow the stack.
 */
export function nulFields(value: unknown, root = '(body)'): FieldError[] {
  const errors: FieldError[] = [];
  const pending: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (pending.length > 0 && errors.length < MAX_NAMED) {
    const { value: current, path } = pending.pop() as { value: unknown; path: string[] };
    if (typeof current === 'string') {
      if (current.includes('\u0000')) errors.push({ field: path.join('.') || root, message: NUL_MESSAGE });
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    const entries = Array.isArray(current)
      ? current.map((item, index) => [String(index), item] as const)
      : Object.entries(current);
    // Pushed in reverse, so fields are named in the order they were written.
    for (const [key, item] of [...entries].reverse()) {
      if (key.includes('\u0000')) errors.push({ field: [...path, keyName(key)].join('.'), message: NUL_MESSAGE });
      else pending.push({ value: item, path: [...path, key] });
    }
  }
  return errors.slice(0, MAX_NAMED);
}

/** No route's body nests deeper than a few levels; this bound leaves every one of them far inside. */
export const MAX_JSON_DEPTH = 32;
export const DEPTH_MESSAGE = `嵌套层级过深（最多 ${MAX_JSON_DEPTH} 层）`;

/**
 * Whether a parsed JSON value nests deeper than `max` arrays and objects. Such a body fits no route, and
 * code that walks JSON recursively (fingerprints, schemas) would overflow the stack on it: a 500 where a
 * 400 is due. Walks without recursion.
 */
export function nestedDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop() as { value: unknown; depth: number };
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const item of Object.values(current)) pending.push({ value: item, depth: depth + 1 });
  }
  return false;
}

/** A multipart content type without its boundary parameter: no form can be read from it. */
export function multipartWithoutBoundary(contentType: string | undefined): boolean {
  if (!contentType || !/^\s*multipart\//i.test(contentType)) return false;
  return !/;\s*boundary\s*=\s*("[^"]+"|[^\s;]+)/i.test(contentType);
}
