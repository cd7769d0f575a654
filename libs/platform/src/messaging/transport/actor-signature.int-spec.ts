import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  defineRpc,
  DomainError,
  Headers,
  rpcReplySchema,
  withActor,
  type Actor,
  type RpcReply,
} from '@duban/contracts';
import { demoActors, expectQuiet, testEnvironment, uniqueNamespace } from '@duban/testing';
import { headers as natsHeaders, type Msg, type MsgHdrs, type NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { PlatformConfig } from '../../config/platform-config';
import { rpcClientProvider } from '../../service/service-platform.module';
import { Namespace } from '../namespace';
import { connectNats } from '../nats-connection';
import { JETSTREAM, JETSTREAM_MANAGER, NATS_CONNECTION } from '../tokens';
import { ActorSignature, RPC_SIGNATURE_MAX_AGE_MS } from './actor-signature';
import { DECLARED_RPCS, DubanTransport } from './duban-transport';
import { RpcClient } from './rpc-client';

const WhoAmI = defineRpc({
  subject: 'projects.probe.whoami',
  service: 'projects',
  request: withActor({ note: z.string().optional() }),
  response: z.object({ username: z.string(), role: z.string() }),
});
const Ping = defineRpc({
  subject: 'projects.probe.ping',
  service: 'projects',
  request: z.object({}).strict(),
  response: z.object({ pong: z.literal(true) }),
});

/** Every actor the handler acted for: a refused request must never get here. */
const handled: Actor[] = [];

@Controller()
class ProbeController {
  @MessagePattern(WhoAmI.subject)
  async whoami(@Payload() request: { actor: Actor }) {
    handled.push(request.actor);
    return { username: request.actor.username, role: request.actor.role };
  }

  @MessagePattern(Ping.subject)
  async ping() {
    return { pong: true as const };
  }
}

const KEY = 'actor-signature-test-key-0123456789abcdef';

describe('the actor of an RPC is signed by the gateway and checked by the service', () => {
  let config: PlatformConfig;
  let namespace: Namespace;
  let serviceNats: NatsConnection;
  /** The gateway's connection, holding the key. */
  let gatewayNats: NatsConnection;
  /** Any other client on the bus: it can publish on the subject, it does not have the key. */
  let intruder: NatsConnection;
  let app: INestMicroservice;
  let gateway: RpcClient;
  let subject: string;

  beforeAll(async () => {
    config = PlatformConfig.fromEnv(
      'projects',
      testEnvironment({ DUBAN_NAMESPACE: uniqueNamespace('signing'), DUBAN_RPC_SIGNING_KEY: KEY }),
    );
    namespace = new Namespace(config.namespace);
    subject = namespace.subject(WhoAmI.subject);
    serviceNats = await connectNats(config.nats.url, 'signing-service');
    gatewayNats = await connectNats(config.nats.url, 'signing-gateway');
    intruder = await connectNats(config.nats.url, 'signing-intruder');
    @Module({
      controllers: [ProbeController],
      providers: [
        { provide: PlatformConfig, useValue: config },
        { provide: Namespace, useValue: namespace },
        { provide: NATS_CONNECTION, useValue: serviceNats },
        { provide: JETSTREAM, useValue: serviceNats.jetstream() },
        { provide: JETSTREAM_MANAGER, useValue: await serviceNats.jetstreamManager() },
        // No events here: the transport never touches the database.
        { provide: DataSource, useValue: {} },
        { provide: DECLARED_RPCS, useValue: [WhoAmI, Ping] },
        DubanTransport,
      ],
    })
    class ProbeModule {}
    app = await NestFactory.createMicroservice(ProbeModule, {
      inject: [DubanTransport],
      useFactory: (strategy: DubanTransport) => ({ strategy }),
      logger: false,
    });
    await app.listen();
    // The gateway's client exactly as the platform provides it (same config, so the same key).
    gateway = rpcClientProvider.useFactory(gatewayNats, namespace, config);
  });

  beforeEach(() => {
    handled.length = 0;
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all([serviceNats, gatewayNats, intruder].map((nats) => nats?.close()));
  });

  /** Publishes raw bytes on the service's subject as the given connection, and reads the service's reply. */
  async function raw(from: NatsConnection, body: string, headers?: MsgHdrs): Promise<RpcReply> {
    const answer = await from.request(subject, body, { timeout: 2000, ...(headers ? { headers } : {}) });
    return rpcReplySchema.parse(JSON.parse(answer.string()));
  }

  /** Copies a request of the gateway off the bus, as any client allowed to subscribe there could. */
  async function captureGatewayRequest(actor: Actor): Promise<Msg> {
    const tap = intruder.subscribe(subject, { max: 1 });
    await intruder.flush();
    const [captured] = await Promise.all([
      (async () => {
        for await (const message of tap) return message;
        throw new Error('no request seen');
      })(),
      gateway.call(WhoAmI, { actor }),
    ]);
    return captured;
  }

  function copyHeaders(message: Msg): MsgHdrs {
    const headers = natsHeaders();
    for (const [name, values] of message.headers ?? []) for (const value of values) headers.append(name, value);
    return headers;
  }

  it('answers a request signed by the gateway client, and runs the handler for that actor', async () => {
    await expect(gateway.call(WhoAmI, { actor: demoActors.linxian })).resolves.toEqual({
      username: 'linxian',
      role: 'county_officer',
    });
    expect(handled.map((actor) => actor.username)).toEqual(['linxian']);
  });

  it('refuses a forged actor published raw by another connection, without running the handler', async () => {
    const forged = JSON.stringify({ actor: demoActors.province });
    const reply = await raw(intruder, forged);
    expect(reply).toEqual({
      ok: false,
      error: { code: 'forbidden', message: '请求的用户身份未通过服务间签名校验，已拒绝' },
    });
    // Signed, but with a key of its own.
    const headers = natsHeaders();
    new ActorSignature('a-key-the-intruder-made-up-0123456789').sign(headers, subject, forged);
    expect(await raw(intruder, forged, headers)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A client in this process without the key (a service's own client would be, were it not given one).
    const keyless = new RpcClient(intruder, namespace, 2000);
    const error = await keyless.call(WhoAmI, { actor: demoActors.province }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'forbidden' });
    await expectQuiet(200, async () => handled.length);
    expect(handled).toEqual([]);
  });

  it("refuses a captured request whose actor was swapped, though it bears the gateway's genuine signature", async () => {
    const captured = await captureGatewayRequest(demoActors.linxian);
    expect(captured.headers?.get(Headers.actorSignature)).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(handled.map((actor) => actor.username)).toEqual(['linxian']);
    const swapped = JSON.stringify({ ...JSON.parse(captured.string()), actor: demoActors.province });
    const reply = await raw(intruder, swapped, copyHeaders(captured));
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Nor may a signed request be sent to another subject (another RPC, another namespace).
    const elsewhere = natsHeaders();
    new ActorSignature(KEY).sign(elsewhere, namespace.subject('projects.probe.other'), captured.string());
    expect(await raw(intruder, captured.string(), elsewhere)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(handled.map((actor) => actor.username)).toEqual(['linxian']);
  });

  it('refuses a replayed signature older than the window (or dated ahead of it), and runs nothing', async () => {
    const body = JSON.stringify({ actor: demoActors.linxian });
    // Exactly what the gateway sent a little over a minute ago, replayed now.
    const stale = natsHeaders();
    new ActorSignature(KEY).sign(stale, subject, body, Date.now() - RPC_SIGNATURE_MAX_AGE_MS - 1000);
    expect(await raw(intruder, body, stale)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const ahead = natsHeaders();
    new ActorSignature(KEY).sign(ahead, subject, body, Date.now() + RPC_SIGNATURE_MAX_AGE_MS + 1000);
    expect(await raw(intruder, body, ahead)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handled).toEqual([]);
    // The same request signed within the window is answered: the check is the signature's age.
    const fresh = natsHeaders();
    new ActorSignature(KEY).sign(fresh, subject, body, Date.now() - 5000);
    expect(await raw(intruder, body, fresh)).toEqual({
      ok: true,
      data: { username: 'linxian', role: 'county_officer' },
    });
    expect(handled).toHaveLength(1);
  });

  it('needs no signature for a request without an actor (health and the like)', async () => {
    const answer = await intruder.request(namespace.subject(Ping.subject), '{}', { timeout: 2000 });
    expect(JSON.parse(answer.string())).toEqual({ ok: true, data: { pong: true } });
  });
});
