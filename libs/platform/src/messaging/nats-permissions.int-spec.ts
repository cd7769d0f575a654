import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  defineEvent,
  defineRpc,
  NATS_USERS,
  natsPasswordVariable,
  ServiceUnavailableError,
  Streams,
  withActor,
  type Actor,
  type Envelope,
  type NatsUser,
} from '@duban/contracts';
import { demoActors, expectQuiet, NatsServerProcess, privateDatabase, testEnvironment, waitFor } from '@duban/testing';
import { AckPolicy, type NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { PlatformConfig, type ProcessName } from '../config/platform-config';
import { createMessagingTables } from '../database/messaging-tables';
import { rpcClientProvider } from '../service/service-platform.module';
import { ProbeRecorded } from './__fixtures__/probe-event';
import { Namespace } from './namespace';
import { connectNats } from './nats-connection';
import { inboxPrefixOf, natsLogin } from './nats-login';
import { JetStreamPublisher } from './outbox/jetstream-publisher';
import { ensureStream } from './streams';
import { JETSTREAM, JETSTREAM_MANAGER, NATS_CONNECTION } from './tokens';
import { DECLARED_RPCS, DubanTransport } from './transport/duban-transport';

/**
 * deploy/nats/authorization.conf, exactly as deployed, on a private nats-server: each process logs in as its
 * own user and the platform's own pieces (transport, durable and fan-out consumers, streams) work within
 * what the table allows, while everything the table does not allow is refused.
 */
const AUTHORIZATION = resolve(__dirname, '../../../../deploy/nats/authorization.conf');

const WhoAmI = defineRpc({
  subject: 'projects.probe.whoami',
  service: 'projects',
  request: withActor({}),
  response: z.object({ username: z.string() }),
});
const Pinged = defineEvent({
  type: 'duban.notifications.probe.pinged.v1',
  version: 1,
  aggregate: 'probe',
  schema: z.object({ n: z.number().int() }),
});

const seen = { asked: [] as string[], consumed: [] as number[], fannedOut: [] as number[] };

@Controller()
class ProjectsProbe {
  @MessagePattern(WhoAmI.subject)
  async whoami(@Payload() request: { actor: Actor }) {
    seen.asked.push(request.actor.username);
    return { username: request.actor.username };
  }
}

@Controller()
class NotificationsProbe {
  // A durable the table grants notifications (its real one on the projects stream).
  @EventPattern(ProbeRecorded.type, { durable: 'notifications-projects' })
  async recorded(@Payload() event: Envelope<{ n: number }>) {
    seen.consumed.push(event.data.n);
  }
}

@Controller()
class GatewayProbe {
  @EventPattern(Pinged.type, { fanout: true })
  async pinged(@Payload() event: Envelope<{ n: number }>) {
    seen.fannedOut.push(event.data.n);
  }
}

const KEY = 'nats-permissions-test-signing-key-0123456789';

describe('NATS users and permissions (deploy/nats/authorization.conf on a private server)', () => {
  // nats-server parses a variable's value as config: a bare word (a letter first, then letters and digits).
  const passwords = Object.fromEntries(
    NATS_USERS.map((user) => [user, `p${randomBytes(12).toString('hex')}`]),
  ) as Record<NatsUser, string>;
  const configDir = mkdtempSync(join(tmpdir(), 'duban-nats-auth-'));
  let server: NatsServerProcess;
  let databaseUrl: string;
  let dataSource: DataSource;
  const connections = new Map<NatsUser, NatsConnection>();
  const apps: INestMicroservice[] = [];

  function configFor(process: ProcessName): PlatformConfig {
    return PlatformConfig.fromEnv(
      process,
      testEnvironment({
        DUBAN_NAMESPACE: '',
        DUBAN_DATABASE_URL: databaseUrl,
        DUBAN_NATS_URL: server.url,
        DUBAN_NATS_PASSWORD: passwords[process as NatsUser] ?? '',
        DUBAN_RPC_SIGNING_KEY: KEY,
      }),
    );
  }

  /** Logs in as the platform does (natsProviders): the process's user, password and inbox prefix. */
  async function login(user: NatsUser): Promise<NatsConnection> {
    const config = configFor(user);
    const nats = await connectNats(config.nats.url, `perm-${user}`, natsLogin(config.nats, config.process));
    connections.set(user, nats);
    return nats;
  }

  async function startProbe(user: NatsUser, controllers: unknown[], declared: unknown[]): Promise<INestMicroservice> {
    const nats = connections.get(user) as NatsConnection;
    @Module({
      controllers: controllers as never[],
      providers: [
        { provide: PlatformConfig, useValue: configFor(user) },
        { provide: Namespace, useValue: new Namespace('') },
        { provide: NATS_CONNECTION, useValue: nats },
        { provide: JETSTREAM, useValue: nats.jetstream() },
        { provide: JETSTREAM_MANAGER, useValue: await nats.jetstreamManager() },
        { provide: DataSource, useValue: dataSource },
        { provide: DECLARED_RPCS, useValue: declared },
        DubanTransport,
      ],
    })
    class ProbeModule {}
    const app = await NestFactory.createMicroservice(ProbeModule, {
      inject: [DubanTransport],
      useFactory: (strategy: DubanTransport) => ({ strategy }),
      logger: false,
    });
    await app.listen();
    apps.push(app);
    return app;
  }

  /** Publishes as a process's outbox relay does: its JetStreamPublisher, acks on the process's own inbox. */
  async function publishProbe(from: NatsConnection, subject: string, n: number): Promise<number> {
    const envelope = {
      id: randomUUID(),
      type: subject,
      version: 1,
      occurredAt: new Date().toISOString(),
      correlationId: `perm-${n}`,
      causationId: null,
      data: { aggregate: 'a', n },
    };
    const user = [...connections].find(([, connection]) => connection === from)?.[0] as NatsUser;
    const publisher = new JetStreamPublisher(from, {
      inboxPrefix: inboxPrefixOf(configFor(user).nats, user),
      timeoutMs: 2000,
    });
    try {
      return (await publisher.publish(subject, JSON.stringify(envelope), { msgID: envelope.id })).seq;
    } finally {
      publisher.close();
    }
  }

  /** Messages in a service's stream, as its owner sees them. */
  async function streamMessages(service: 'projects' | 'funding'): Promise<number> {
    const jsm = await (connections.get(service) as NatsConnection).jetstreamManager();
    return (await jsm.streams.info(Streams[service].name)).state.messages;
  }

  beforeAll(async () => {
    // The deployed file itself, included as deploy's nats-server.conf includes it; port and store are the test's.
    copyFileSync(AUTHORIZATION, join(configDir, 'authorization.conf'));
    writeFileSync(join(configDir, 'nats-server.conf'), 'include ./authorization.conf\n');
    server = await NatsServerProcess.start({
      configFile: join(configDir, 'nats-server.conf'),
      env: Object.fromEntries(NATS_USERS.map((user) => [natsPasswordVariable(user), passwords[user]])),
    });
    databaseUrl = await privateDatabase('natsperm');
    dataSource = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
    const runner = dataSource.createQueryRunner();
    await runner.query(`CREATE SCHEMA notifications`);
    await createMessagingTables(runner, 'notifications');
    await runner.release();
    for (const user of NATS_USERS) await login(user);
    const projects = connections.get('projects') as NatsConnection;
    await ensureStream(
      await projects.jetstreamManager(),
      Streams.projects,
      new Namespace(''),
      configFor('projects').messaging.stream,
    );
    await startProbe('projects', [ProjectsProbe], [WhoAmI]);
    await startProbe('notifications', [NotificationsProbe], []);
    await startProbe('gateway', [GatewayProbe], []);
  }, 60_000);

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const nats of connections.values()) await nats.close();
    await dataSource?.destroy();
    await server?.stop();
    rmSync(configDir, { recursive: true, force: true });
  });

  it('lets no one in without a user of its own', async () => {
    const anonymous = await connectNats(server.url, 'anonymous').catch((e: unknown) => e);
    expect(String(anonymous)).toMatch(/Authorization Violation/i);
    const wrong = await connectNats(server.url, 'wrong', { user: 'projects', pass: passwords.funding }).catch(
      (e: unknown) => e,
    );
    expect(String(wrong)).toMatch(/Authorization Violation/i);
  });

  it("lets only the gateway publish on a service's request subjects", async () => {
    const gateway = rpcClientProvider.useFactory(
      connections.get('gateway') as NatsConnection,
      new Namespace(''),
      configFor('gateway'),
    );
    await expect(gateway.call(WhoAmI, { actor: demoActors.linxian })).resolves.toEqual({ username: 'linxian' });

    // funding holds the signing key too, but may not ask projects anything.
    const funding = rpcClientProvider.useFactory(
      connections.get('funding') as NatsConnection,
      new Namespace(''),
      configFor('funding'),
    );
    const refused = await funding.call(WhoAmI, { actor: demoActors.province }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ServiceUnavailableError);
    expect(String((refused as Error).message)).toMatch(
      /Permissions Violation for Publish to "projects\.probe\.whoami"/i,
    );
    // Nor may it listen on them.
    const tap = (connections.get('funding') as NatsConnection).subscribe('projects.>');
    const tapped = (async () => {
      for await (const message of tap) return message.subject;
      return 'closed';
    })().catch((e: unknown) => String(e));
    await expect(tapped).resolves.toMatch(/Permissions Violation for Subscription to "projects\.>"/i);

    await expectQuiet(300, async () => seen.asked.length);
    expect(seen.asked).toEqual(['linxian']);
  });

  it("lets a service publish on its own stream's subjects, never on another's", async () => {
    const projects = connections.get('projects') as NatsConnection;
    const funding = connections.get('funding') as NatsConnection;
    await ensureStream(
      await funding.jetstreamManager(),
      Streams.funding,
      new Namespace(''),
      configFor('funding').messaging.stream,
    );
    const before = await streamMessages('projects');

    expect(await publishProbe(projects, ProbeRecorded.type, 1)).toBeGreaterThan(0);
    expect(await publishProbe(funding, 'duban.funding.probe.recorded.v1', 2)).toBeGreaterThan(0);
    const forged = await publishProbe(funding, ProbeRecorded.type, 666).catch((e: unknown) => e);
    expect(String(forged)).toMatch(/Permissions Violation for Publish to "duban\.projects\.probe\.recorded\.v1"/i);

    expect(await streamMessages('projects')).toBe(before + 1);
    expect(await streamMessages('funding')).toBe(1);
    // Nor may it change another's stream.
    const jsm = await funding.jetstreamManager();
    const changed = await jsm.streams.update(Streams.projects.name, { max_msgs: 1 }).catch((e: unknown) => e);
    expect(changed).toBeInstanceOf(Error);
    expect((await jsm.streams.info(Streams.projects.name).catch(() => null))?.config.max_msgs ?? -1).toBe(-1);
  });

  it('lets a consumer read and acknowledge through its own durable, and no one else take from it', async () => {
    // The notifications probe's durable consumer got the event above, and acknowledged it.
    await waitFor(
      'the durable consumer handled the event',
      async () => seen.consumed,
      (n) => n.includes(1),
    );
    const jsm = await (connections.get('notifications') as NatsConnection).jetstreamManager();
    await waitFor(
      'its delivery acknowledged',
      () => jsm.consumers.info(Streams.projects.name, 'notifications-projects'),
      (info) => info.num_ack_pending === 0 && info.num_pending === 0,
    );
    expect(seen.consumed).toEqual([1]);

    // funding may not read notifications' durable, nor make one in its name.
    const funding = connections.get('funding') as NatsConnection;
    const stolen = await funding
      .jetstream()
      .consumers.get(Streams.projects.name, 'notifications-projects')
      .catch((e: unknown) => e);
    expect(String(stolen)).toMatch(/Permissions Violation/i);
    const hijack = await (
      await funding.jetstreamManager()
    ).consumers
      .add(Streams.projects.name, { durable_name: 'notifications-projects', ack_policy: AckPolicy.Explicit })
      .catch((e: unknown) => e);
    expect(String(hijack)).toMatch(/Permissions Violation/i);
  });

  it("lets the gateway follow the notifications stream's hints (fan-out), which notifications alone publishes", async () => {
    const notifications = connections.get('notifications') as NatsConnection;
    await waitFor(
      'the fan-out consumer started',
      async () => {
        await publishProbe(notifications, Pinged.type, 7);
        return seen.fannedOut;
      },
      (n) => n.includes(7),
    );
    const forged = await publishProbe(connections.get('gateway') as NatsConnection, Pinged.type, 8).catch(
      (e: unknown) => e,
    );
    expect(String(forged)).toMatch(/Permissions Violation for Publish/i);
    await expectQuiet(300, async () => seen.fannedOut.filter((n) => n === 8).length);
    expect(seen.fannedOut).not.toContain(8);
  });
});
