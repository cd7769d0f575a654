import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connectNats } from '@duban/platform';
import { privateDatabase, testEnvironment, uniqueNamespace } from '@duban/testing';
import type { NatsConnection, Subscription } from 'nats';
import { createGateway } from '../../bootstrap';
import { loadGatewayConfig } from '../../config';

/** The reply a stand-in service sends: the data, or a domain error body. */
export type StubReply = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };

/**
 * The gateway over HTTP (Fastify inject) with the demo identities, in a database of its own (so no other
 * test's lockouts or accounts touch it), and a stand-in for the projects service on NATS that records
 * every request it receives and answers as told. It shows what the gateway sends, and that bad input
 * never reaches a service at all.
 */
export interface GatewaySandbox {
  readonly app: NestFastifyApplication;
  /** Requests received per RPC subject (without the namespace), parsed. */
  readonly received: Map<string, unknown[]>;
  answer(subject: string, reply: StubReply): void;
  tokenFor(username: string): Promise<string>;
  /** An HTTP request as `username` (bearer token), answered as a client reads it: status, type, untyped body. */
  call(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload: unknown, username: string): Promise<HttpAnswer>;
  close(): Promise<void>;
}

export interface HttpAnswer {
  readonly status: number;
  readonly type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the body is read as a client reads it: untyped
  readonly body: any;
}

export async function startGatewaySandbox(label: string, subjects: readonly string[]): Promise<GatewaySandbox> {
  const namespace = uniqueNamespace(label);
  const { platform, gateway } = loadGatewayConfig(
    testEnvironment({
      DUBAN_DATABASE_URL: await privateDatabase(label),
      DUBAN_NAMESPACE: namespace,
      DUBAN_DEMO: 'true',
      DUBAN_AUTH_SECRET: 'gateway-sandbox-secret-0123456789-abcdef',
      DUBAN_AUTH_FAILURE_DELAY_MS: '1',
      DUBAN_RPC_TIMEOUT_MS: '2000',
    }),
  );
  const app = await createGateway(platform, gateway);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  const nats: NatsConnection = await connectNats(platform.nats.url, `${label}-stub`);
  const received = new Map<string, unknown[]>();
  const replies = new Map<string, StubReply>();
  const subscriptions: Subscription[] = subjects.map((subject) =>
    nats.subscribe(`${namespace}.${subject}`, {
      callback: (_error, message) => {
        received.set(subject, [...(received.get(subject) ?? []), JSON.parse(message.string())]);
        message.respond(
          JSON.stringify(replies.get(subject) ?? { ok: false, error: { code: 'internal', message: 'no stub reply' } }),
        );
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

  return {
    app,
    received,
    answer(subject, reply) {
      replies.set(subject, reply);
    },
    tokenFor,
    async call(method, url, payload, username) {
      const response = await app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${await tokenFor(username)}` },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      const type = String(response.headers['content-type']);
      return { status: response.statusCode, type, body: /json/.test(type) ? response.json() : response.body };
    },
    // The run's global teardown drops the private database.
    async close() {
      for (const subscription of subscriptions) subscription.unsubscribe();
      await nats.close();
      await app.close();
    },
  };
}
