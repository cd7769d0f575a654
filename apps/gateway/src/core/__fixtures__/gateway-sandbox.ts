import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Headers, type Actor } from '@duban/contracts';
import { startServiceSandbox, type ServiceSandbox } from '@duban/testing';
import type { Subscription } from 'nats';
import { createGateway } from '../../bootstrap';
import { loadGatewayConfig } from '../../config';

/** The reply a stand-in service sends: the data, or a domain error body. */
export type StubReply = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };

/**
 * The gateway over HTTP (Fastify inject) with the demo identities, on the shared service sandbox (a
 * database and a namespace of its own, so no other test's lockouts or accounts touch it), and stand-ins for
 * the services on NATS that record every request they receive and answer as told. It shows what the
 * gateway sends, and that bad input never reaches a service at all.
 */
export interface GatewaySandbox {
  readonly app: NestFastifyApplication;
  /** Plain SQL on the gateway's private database (to count what a request wrote). */
  readonly db: ServiceSandbox<NestFastifyApplication>['db'];
  /** Requests received per RPC subject (without the namespace), parsed. */
  readonly received: Map<string, unknown[]>;
  /** The request key (Duban-Request-Key header, or null) of each request received, per RPC subject. */
  readonly requestKeys: Map<string, (string | null)[]>;
  /** Puts an event on its owning service's stream, as that service's outbox relay would. */
  readonly publish: ServiceSandbox<NestFastifyApplication>['publish'];
  /** How the stand-in answers `subject` from now on; `delayMs`: only after so long (a slow service). */
  answer(subject: string, reply: StubReply, options?: { delayMs?: number }): void;
  tokenFor(username: string): Promise<string>;
  /** An HTTP request as `username` (bearer token), answered as a client reads it: status, type, untyped body. */
  call(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload: unknown, username: string): Promise<HttpAnswer>;
  /** Any HTTP request: as `username` (none: no token), with more headers, a raw payload, from an address. */
  send(request: SandboxRequest): Promise<HttpAnswer>;
  close(): Promise<void>;
}

export interface SandboxRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  /** An object is sent as JSON; a string or Buffer as it is (say its content-type in `headers`). */
  readonly payload?: unknown;
  readonly username?: string | null;
  readonly headers?: Record<string, string>;
  /** The client's address as the gateway sees it (default 127.0.0.1). */
  readonly remoteAddress?: string;
}

export interface HttpAnswer {
  readonly status: number;
  readonly type: string;
  readonly headers: Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the body is read as a client reads it: untyped
  readonly body: any;
}

/**
 * A shared demo actor as the gateway sends it to a service: the gateway's accounts have ids of their own,
 * so only who they are (username, role, regions) is compared.
 */
export function sentAs({ username, role, regionCodes }: Actor): Pick<Actor, 'username' | 'role' | 'regionCodes'> {
  return { username, role, regionCodes };
}

export async function startGatewaySandbox(
  label: string,
  subjects: readonly string[],
  env: Record<string, string> = {},
): Promise<GatewaySandbox> {
  const sandbox = await startServiceSandbox({
    service: 'gateway',
    label,
    demo: true,
    env: {
      DUBAN_AUTH_SECRET: 'gateway-sandbox-secret-0123456789-abcdef',
      DUBAN_AUTH_FAILURE_DELAY_MS: '1',
      DUBAN_RPC_TIMEOUT_MS: '2000',
      ...env,
    },
    start: (env) => {
      const { platform, gateway } = loadGatewayConfig(env);
      return createGateway(platform, gateway);
    },
  });
  const { app, nats, namespace } = sandbox;
  await app.getHttpAdapter().getInstance().ready();

  const received = new Map<string, unknown[]>();
  const requestKeys = new Map<string, (string | null)[]>();
  const replies = new Map<string, { reply: StubReply; delayMs: number }>();
  const subscriptions: Subscription[] = subjects.map((subject) =>
    nats.subscribe(`${namespace}.${subject}`, {
      callback: (_error, message) => {
        received.set(subject, [...(received.get(subject) ?? []), JSON.parse(message.string())]);
        requestKeys.set(subject, [
          ...(requestKeys.get(subject) ?? []),
          message.headers?.get(Headers.requestKey) || null,
        ]);
        const { reply, delayMs } = replies.get(subject) ?? {
          reply: { ok: false, error: { code: 'internal', message: 'no stub reply' } },
          delayMs: 0,
        };
        const respond = () => message.respond(JSON.stringify(reply));
        if (delayMs > 0) setTimeout(respond, delayMs);
        else respond();
      },
    }),
  );
  await nats.flush();
  const tokens = new Map<string, string>();

  async function tokenFor(username: string): Promise<string> {
    const cached = tokens.get(username);
    if (cached) return cached;
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: 'duban-demo' },
    });
    if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
    const token = (response.json() as { accessToken: string }).accessToken;
    tokens.set(username, token);
    return token;
  }

  async function send(request: SandboxRequest): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...request.headers };
    if (request.username) headers.authorization = `Bearer ${await tokenFor(request.username)}`;
    const response = await app.inject({
      method: request.method,
      url: request.url,
      headers,
      remoteAddress: request.remoteAddress ?? '127.0.0.1',
      ...(request.payload === undefined ? {} : { payload: request.payload as object }),
    });
    const type = String(response.headers['content-type']);
    return {
      status: response.statusCode,
      type,
      headers: response.headers,
      body: /json/.test(type) ? response.json() : response.body,
    };
  }

  return {
    app,
    db: sandbox.db,
    received,
    requestKeys,
    publish: (event, data, options) => sandbox.publish(event, data, options),
    answer(subject, reply, options = {}) {
      replies.set(subject, { reply, delayMs: options.delayMs ?? 0 });
    },
    tokenFor,
    call: (method, url, payload, username) => send({ method, url, payload, username }),
    send,
    // The run's global teardown drops the private database.
    async close() {
      for (const subscription of subscriptions) subscription.unsubscribe();
      await sandbox.close();
    },
  };
}
