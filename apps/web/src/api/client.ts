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

export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  // Looked up at each call, not captured once: test doubles (msw) replace fetch after this module loads.
  fetch: (request) => globalThis.fetch(request),
});
api.use(authenticate);

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
