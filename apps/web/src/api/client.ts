import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError } from './problem';
import type { paths } from './schema';
import { session } from '../auth/session-store';

/**
 * The typed client of the gateway's public HTTP contract. `schema.d.ts` is generated from the gateway's
 * OpenAPI document (`npm run api:generate`), so a route or field the gateway does not have fails typecheck.
 * Every request carries the bearer token; a 401 ends the session and sends the user to log in and back.
 */
const authenticate: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.endsWith('/api/auth/login')) session.end();
    return response;
  },
};

const IDEMPOTENCY_KEY = 'Idempotency-Key';
const WRITES: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);
/** Submissions whose outcome is not known yet, by what they sent: their key, for a retry of the same one. */
const unsettled = new Map<string, string>();
/** At most this many are remembered (the oldest go first). */
const MAX_UNSETTLED = 50;
const submissionOf = new WeakMap<Request, string>();

/** A random UUID (v4); `crypto.randomUUID` exists only on HTTPS pages, `getRandomValues` everywhere. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The answer settles the submission: anything but a failure on the way (network, 5xx) or a 409 telling the
 * same key is still under way (it carries Retry-After; a 409 of the business does not).
 */
function settles(response: Response): boolean {
  return response.status < 500 && !(response.status === 409 && response.headers.has('Retry-After'));
}

/**
 * Every write carries an `Idempotency-Key`: a fresh one per submission (each call of a form's mutation), so
 * two submissions of the same form are two records. A submission whose outcome is unknown (the network
 * failed, the gateway answered 5xx — it may have gone through — or the same key is still running) keeps its
 * key: sending the same thing again is a retry of it, and the gateway answers with the first outcome instead
 * of recording it twice. Login and logout carry none (there is nothing to record twice, and a password is
 * never remembered here). A file upload gets a fresh key each time (its bytes are not compared).
 */
const idempotency: Middleware = {
  async onRequest({ request }) {
    if (!WRITES.has(request.method) || request.headers.has(IDEMPOTENCY_KEY)) return request;
    if (new URL(request.url).pathname.startsWith('/api/auth/')) return request;
    const json = /json/.test(request.headers.get('Content-Type') ?? '') || request.body === null;
    const submission = json ? `${request.method} ${request.url}\n${await request.clone().text()}` : null;
    const key = (submission !== null && unsettled.get(submission)) || newIdempotencyKey();
    request.headers.set(IDEMPOTENCY_KEY, key);
    if (submission !== null) {
      submissionOf.set(request, submission);
      unsettled.delete(submission);
      unsettled.set(submission, key);
      if (unsettled.size > MAX_UNSETTLED) unsettled.delete(unsettled.keys().next().value as string);
    }
    return request;
  },
  onResponse({ request, response }) {
    const submission = submissionOf.get(request);
    if (submission !== undefined && settles(response)) unsettled.delete(submission);
    return response;
  },
};

export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  // Looked up at each call, not captured once: test doubles (msw) replace fetch after this module loads.
  fetch: (request) => globalThis.fetch(request),
});
api.use(authenticate, idempotency);

/** The shape every openapi-fetch call resolves to. */
interface Answer<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/**
 * The data of a 2xx answer, or an ApiError with the problem's title, detail and field errors; a network
 * failure becomes status 0. Use as `unwrap(api.GET('/api/projects/{id}', {...}))` inside queries and mutations.
 */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch {
    throw ApiError.from(0, undefined);
  }
  if (!answer.response.ok) throw ApiError.from(answer.response.status, answer.error);
  return answer.data as T;
}
