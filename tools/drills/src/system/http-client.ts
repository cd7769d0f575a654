import { randomUUID } from 'node:crypto';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
  readonly text: string;
}

/** One attempt of a write: its status (0: no answer, the connection failed or timed out) and Retry-After. */
export interface Attempt {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly at: number;
}

export interface WriteOutcome {
  /** The last answer (2xx when the write went through), or undefined when none came before the deadline. */
  readonly answer: HttpAnswer | undefined;
  readonly attempts: readonly Attempt[];
  readonly idempotencyKey: string;
}

/**
 * No answer, a 429, a 5xx, or the 409 with Retry-After of a key whose first request is still under way (the
 * gateway's Idempotency-Key; a business conflict carries no Retry-After and is final).
 */
const RETRYABLE = (status: number, retryAfter: string | null) =>
  status === 0 || status === 429 || status >= 500 || (status === 409 && retryAfter !== null);

/** HTTP to the stack's gateway, as a client would use it: demo logins, JSON, and writes retried with one key. */
export class HttpClient {
  private readonly tokens = new Map<string, Promise<string>>();
  private next = 0;

  /** One gateway, or several: each request goes to the next (a retry reaches another one, as behind a balancer). */
  constructor(baseUrls: string | readonly string[]) {
    this.baseUrls = typeof baseUrls === 'string' ? [baseUrls] : baseUrls;
  }

  private readonly baseUrls: readonly string[];

  get baseUrl(): string {
    return this.baseUrls[0] as string;
  }

  /** The status of `GET path` from every gateway (0: no answer). */
  async statusOfEach(path: string, timeoutMs = 5_000): Promise<number[]> {
    return Promise.all(
      this.baseUrls.map((baseUrl) =>
        fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(timeoutMs) }).then(
          async (response) => {
            await response.arrayBuffer();
            return response.status;
          },
          () => 0,
        ),
      ),
    );
  }

  async request(path: string, init: RequestInit = {}, timeoutMs = 60_000): Promise<HttpAnswer> {
    const baseUrl = this.baseUrls[this.next++ % this.baseUrls.length];
    const response = await fetch(`${baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    let body: unknown = text;
    if (isJson && text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: response.status, headers: response.headers, body, text };
  }

  /** The bearer token of a demo user (password duban-demo), logging in once. */
  token(username: string): Promise<string> {
    let token = this.tokens.get(username);
    if (!token) {
      token = this.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'duban-demo' }),
      }).then((login) => {
        if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${login.text.slice(0, 300)}`);
        return login.body.accessToken as string;
      });
      token.catch(() => this.tokens.delete(username));
      this.tokens.set(username, token);
    }
    return token;
  }

  /** A JSON request as a demo user. */
  async call(username: string, path: string, init: RequestInit = {}, timeoutMs?: number): Promise<HttpAnswer> {
    const token = await this.token(username);
    return this.request(
      path,
      {
        ...init,
        headers: {
          authorization: `Bearer ${token}`,
          ...(init.body ? { 'content-type': 'application/json' } : {}),
          ...(init.headers as Record<string, string> | undefined),
        },
      },
      timeoutMs,
    );
  }

  /**
   * A write as a careful client makes it: one Idempotency-Key for the whole write, retried with the same key
   * and body after no answer, a 429, a 5xx or a 409 "still under way" (after Retry-After when given, else a
   * growing pause) until a final answer or the deadline.
   */
  async write(
    username: string,
    method: 'POST' | 'PUT' | 'PATCH',
    path: string,
    body: unknown,
    options: { deadlineMs?: number; attemptTimeoutMs?: number } = {},
  ): Promise<WriteOutcome> {
    const idempotencyKey = randomUUID();
    const deadline = Date.now() + (options.deadlineMs ?? 120_000);
    const attempts: Attempt[] = [];
    let pause = 200;
    for (;;) {
      let answer: HttpAnswer | undefined;
      try {
        answer = await this.call(
          username,
          path,
          { method, body: JSON.stringify(body), headers: { 'idempotency-key': idempotencyKey } },
          options.attemptTimeoutMs ?? 30_000,
        );
      } catch {
        answer = undefined;
      }
      const status = answer?.status ?? 0;
      const retryAfter = answer?.headers.get('retry-after') ?? null;
      attempts.push({ status, retryAfter, at: Date.now() });
      if (!RETRYABLE(status, retryAfter)) return { answer, attempts, idempotencyKey };
      if (Date.now() > deadline) return { answer: undefined, attempts, idempotencyKey };
      const asked = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined;
      await new Promise((resolve) => setTimeout(resolve, Math.min(asked ?? pause, 5_000)));
      pause = Math.min(pause * 2, 2_000);
    }
  }
}
