import { createHash } from 'node:crypto';

/** Idempotent writes: what a key may be, and what makes two requests "the same". Pure (no Nest, no I/O). */

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** On a replayed answer: this is the first answer to the key, given again; nothing was done this time. */
export const REPLAYED_HEADER = 'idempotency-replayed';

/** The methods that take a key: every write. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

/** 1–255 visible ASCII characters (a UUID is the usual choice). */
const KEY = /^[\x21-\x7e]{1,255}$/;

export function validKey(key: string): boolean {
  return KEY.test(key);
}

/** JSON with every object's keys sorted, so that a retry whose body lists its fields in another order matches. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What a key is bound to: the method, the URL (path and query) and the body. A multipart upload is not read
 * ahead (it streams to the service), so it is bound by its length instead of its bytes.
 */
export function requestFingerprint(request: {
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
  readonly contentType?: string;
  readonly contentLength?: string;
}): string {
  const body = /^\s*multipart\//i.test(request.contentType ?? '')
    ? `multipart;length=${request.contentLength ?? '?'}`
    : canonicalJson(request.body ?? null);
  return createHash('sha256').update(`${request.method}\n${request.url}\n${body}`).digest('hex');
}
