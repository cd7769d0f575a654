import { randomUUID } from 'node:crypto';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  defineRpc,
  DomainError,
  NotFoundError,
  ServiceUnavailableError,
  ValidationError,
  type Envelope,
  type RpcDefinition,
} from '@duban/contracts';
import { privateDatabase, testEnvironment, uniqueNamespace, waitFor } from '@duban/testing';
import { headers as natsHeaders, type NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { PlatformConfig } from '../../config/platform-config';
import { CorrelationContext } from '../../correlation/correlation-context';
import { createMessagingTables } from '../../database/messaging-tables';
import { ProbeRecorded } from '../__fixtures__/probe-event';
import { Namespace } from '../namespace';
import { connectNats } from '../nats-connection';
import { JETSTREAM, JETSTREAM_MANAGER, NATS_CONNECTION } from '../tokens';
import { DomainErrorsFilter } from './domain-errors.filter';
import { DECLARED_RPCS, DubanTransport } from './duban-transport';
import { EventContext } from './event-context';
import { RpcClient } from './rpc-client';
import { APP_FILTER } from '@nestjs/core';

const Echo = defineRpc({
  subject: 'projects.probe.echo',
  service: 'projects',
  request: z.object({ text: z.string().max(5), id: z.number().int().optional() }).strict(),
  response: z.object({ text: z.string(), correlationId: z.string() }),
});
const Missing = defineRpc({
  subject: 'projects.probe.missing',
  service: 'projects',
  request: z.object({}),
  response: z.object({}),
});
const Crash = defineRpc({
  subject: 'projects.probe.crash',
  service: 'projects',
  request: z.object({}),
  response: z.object({}),
});
const Slow = defineRpc({
  subject: 'projects.probe.slow',
  service: 'projects',
  request: z.object({}),
  response: z.object({}),
});
const Unanswered = defineRpc({
  subject: 'projects.probe.nobody',
  service: 'projects',
  request: z.object({}),
  response: z.object({}),
});
const Huge = defineRpc({
  subject: 'projects.probe.huge',
  service: 'projects',
  request: z.object({}),
  response: z.object({ text: z.string() }),
});
const Handled = [Echo, Missing, Crash, Slow, Huge];

/** Events seen by the probe controller; `failOnce` makes the durable handler fail its first delivery of that n. */
const seen = {
  durable: [] as number[],
  fanout: [] as number[],
  fanoutReads: [] as unknown[],
  /** The runs a set-wise (`each`) handler was given. */
  runs: [] as number[][],
  failOnce: new Set<number>(),
};

@Controller()
class ProbeController {
  @MessagePattern(Echo.subject)
  async echo(@Payload() request: { text: string }) {
    return { text: request.text.toUpperCase(), correlationId: CorrelationContext.current()?.correlationId ?? '' };
  }

  @MessagePattern(Missing.subject)
  async missing(): Promise<never> {
    throw new NotFoundError('项目不存在');
  }

  @MessagePattern(Crash.subject)
  async crash(): Promise<never> {
    throw new Error('database password is hunter2');
  }

  /** An answer over the broker's payload limit (1 MB by default). */
  @MessagePattern(Huge.subject)
  async huge(): Promise<{ text: string }> {
    return { text: 'x'.repeat(2 * 1024 * 1024) };
  }

  @MessagePattern(Slow.subject)
  async slow(): Promise<object> {
    await new Promise((resolve) => setTimeout(resolve, 400));
    return {};
  }

  @EventPattern(ProbeRecorded.type, { durable: 'probe-durable' })
  async recorded(@Payload() event: Envelope<{ n: number }>, @Ctx() context: EventContext): Promise<void> {
    await context.tx.query(`INSERT INTO projects.probe_effect (n) VALUES ($1)`, [event.data.n]);
    if (seen.failOnce.delete(event.data.n)) throw new Error('transient failure');
    seen.durable.push(event.data.n);
  }

  /** Set-wise: a run of the batch's events at once, in the batch's one transaction. */
  @EventPattern(ProbeRecorded.type, { durable: 'probe-each', each: true })
  async recordedEach(@Payload() events: readonly Envelope<{ n: number }>[], @Ctx() context: EventContext) {
    const ns = events.map((event) => event.data.n);
    await context.tx.query(`INSERT INTO projects.probe_each_effect (n) SELECT unnest($1::int[])`, [ns]);
    seen.runs.push(ns);
  }

  @EventPattern(ProbeRecorded.type, { fanout: true })
  async hint(@Payload() event: Envelope<{ n: number }>): Promise<void> {
    seen.fanout.push(event.data.n);
  }

  /** A hint that reads one field: it gets that field alone. */
  @EventPattern(ProbeRecorded.type, { fanout: true, reads: z.object({ n: z.number().int() }) })
  async hintOfN(@Payload() event: Envelope<{ n: number }>): Promise<void> {
    seen.fanoutReads.push(event.data);
  }
}

@Controller()
class StrayController {
  @MessagePattern('projects.probe.undefined')
  async stray(): Promise<object> {
    return {};
  }
}

interface Probe {
  config: PlatformConfig;
  dataSource: DataSource;
  nats: NatsConnection;
  namespace: Namespace;
}

async function startProbe(
  probe: Probe,
  controllers: unknown[],
  declared: readonly RpcDefinition<unknown, unknown>[],
): Promise<INestMicroservice> {
  @Module({
    controllers: controllers as never[],
    providers: [
      { provide: PlatformConfig, useValue: probe.config },
      { provide: Namespace, useValue: probe.namespace },
      { provide: NATS_CONNECTION, useValue: probe.nats },
      { provide: JETSTREAM, useValue: probe.nats.jetstream() },
      { provide: JETSTREAM_MANAGER, useValue: await probe.nats.jetstreamManager() },
      { provide: DataSource, useValue: probe.dataSource },
      { provide: DECLARED_RPCS, useValue: declared },
      { provide: APP_FILTER, useClass: DomainErrorsFilter },
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
  return app;
}

describe('the microservices transport on NATS', () => {
  const probe = {} as Probe;
  let app: INestMicroservice;
  let client: RpcClient;

  beforeAll(async () => {
    probe.config = PlatformConfig.fromEnv(
      'projects',
      testEnvironment({ DUBAN_NAMESPACE: uniqueNamespace('transport'), DUBAN_CONSUMER_RETRY_DELAY_MS: '50' }),
    );
    probe.dataSource = await new DataSource({ type: 'postgres', url: await privateDatabase('transport') }).initialize();
    const runner = probe.dataSource.createQueryRunner();
    await runner.query(`CREATE SCHEMA projects`);
    await createMessagingTables(runner, 'projects');
    await runner.query(`CREATE TABLE projects.probe_effect (n int NOT NULL)`);
    await runner.query(`CREATE TABLE projects.probe_each_effect (n int NOT NULL)`);
    await runner.release();
    probe.nats = await connectNats(probe.config.nats.url, 'transport-test');
    probe.namespace = new Namespace(probe.config.namespace);
    app = await startProbe(probe, [ProbeController], Handled);
    client = new RpcClient(probe.nats, probe.namespace, 1000);
  });

  afterAll(async () => {
    await app?.close();
    await probe.nats?.close();
    await probe.dataSource?.destroy();
  });

  describe('@MessagePattern: request/reply', () => {
    it('answers with the handler result and carries the correlation id', async () => {
      const answer = await CorrelationContext.run({ correlationId: 'corr-42', causationId: null }, () =>
        client.call(Echo, { text: 'abc' }),
      );
      expect(answer).toEqual({ text: 'ABC', correlationId: 'corr-42' });
    });

    it('refuses a request that breaks the contract, naming the fields', async () => {
      const error = await client.call(Echo, { text: 'far too long', id: 1.5 } as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as DomainError).errors?.map((e) => e.field).sort()).toEqual(['id', 'text']);
    });

    it('re-throws a domain error as the same typed error', async () => {
      const error = await client.call(Missing, {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'not_found', message: '项目不存在' });
    });

    it('hides the details of an unexpected error', async () => {
      const error = await client.call(Crash, {}).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'internal', message: 'Internal error' });
      expect(String((error as Error).message)).not.toContain('hunter2');
    });

    it('turns a late answer, or no responder at all, into ServiceUnavailableError', async () => {
      const late = await client.call(Slow, {}, 100).catch((e: unknown) => e);
      expect(late).toBeInstanceOf(ServiceUnavailableError);
      expect((late as Error).message).toContain('no answer within 100 ms');
      const nobody = await client.call(Unanswered, {}).catch((e: unknown) => e);
      expect(nobody).toBeInstanceOf(ServiceUnavailableError);
      expect((nobody as Error).message).toBe('projects is unavailable: not running');
    });

    it('answers an internal error when the reply is too large for the broker, and goes on answering', async () => {
      const error = await client.call(Huge, {}).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'internal', message: 'Internal error' });
      expect(await client.call(Echo, { text: 'ok' })).toMatchObject({ text: 'OK' });
    });

    it('is a Nest ClientProxy: send() answers as an Observable', async () => {
      const answer = await new Promise((resolve, reject) =>
        client.send(Echo.subject, { text: 'xy' }).subscribe({ next: resolve, error: reject }),
      );
      expect(answer).toMatchObject({ text: 'XY' });
    });
  });

  describe('start-up refuses what cannot work', () => {
    it('refuses a declared RPC that no handler answers, naming it', async () => {
      const failed = await startProbe(
        { ...probe, namespace: new Namespace(uniqueNamespace('unanswered')) },
        [ProbeController],
        [...Handled, Unanswered],
      ).catch((e: unknown) => e);
      expect(String(failed)).toContain('declares RPCs that no @MessagePattern answers: projects.probe.nobody');
    });

    it('refuses a pattern that no contract defines', async () => {
      const failed = await startProbe(
        { ...probe, namespace: new Namespace(uniqueNamespace('stray')) },
        [StrayController],
        [],
      ).catch((e: unknown) => e);
      expect(String(failed)).toContain(
        `@MessagePattern('projects.probe.undefined') names no RPC defined in @duban/contracts`,
      );
    });
  });

  describe('@EventPattern: durable consumer with the inbox, and fan-out', () => {
    async function publish(n: number, id = randomUUID()): Promise<void> {
      const envelope: Envelope<{ aggregate: string; n: number }> = {
        id,
        type: ProbeRecorded.type,
        version: 1,
        occurredAt: new Date().toISOString(),
        correlationId: `test-${n}`,
        causationId: null,
        data: { aggregate: 'a', n },
      };
      const headers = natsHeaders();
      headers.set('Nats-Msg-Id', `${id}-${Math.random()}`); // defeat the stream's de-duplication: the inbox must do it
      await probe.nats
        .jetstream()
        .publish(probe.namespace.subject(ProbeRecorded.type), JSON.stringify(envelope), { headers });
    }

    async function effects(): Promise<number[]> {
      const rows: { n: number }[] = await probe.dataSource.query(`SELECT n FROM projects.probe_effect ORDER BY n`);
      return rows.map((row) => row.n);
    }

    it('applies a redelivered event once, and retries a failure until it commits with its inbox row', async () => {
      const id = randomUUID();
      seen.failOnce.add(2);
      await publish(1, id);
      await publish(1, id);
      await publish(2);
      await waitFor('both events applied', effects, (rows) => rows.length === 2, { timeoutMs: 10_000 });
      expect(await effects()).toEqual([1, 2]);
      expect(seen.durable.sort()).toEqual([1, 2]);
      const [inbox] = await probe.dataSource.query(
        `SELECT count(*)::int AS n FROM projects.inbox WHERE consumer = 'probe-durable'`,
      );
      expect(inbox.n).toBe(2);
      const [dead] = await probe.dataSource.query(`SELECT count(*)::int AS n FROM projects.dead_letter`);
      expect(dead.n).toBe(0);
    });

    it('tells a fan-out handler of every new event, the duplicate included (it remembers nothing)', async () => {
      await waitFor(
        'fan-out saw the events',
        async () => seen.fanout.length,
        (n) => n >= 3,
        { timeoutMs: 10_000 },
      );
      expect(seen.fanout.sort()).toEqual([1, 1, 2]);
      await waitFor(
        'the reading hint saw them',
        async () => seen.fanoutReads.length,
        (n) => n >= 3,
        {
          timeoutMs: 10_000,
        },
      );
      expect(seen.fanoutReads).toEqual(expect.arrayContaining([{ n: 1 }, { n: 2 }]));
      expect(seen.fanoutReads).toHaveLength(3);
    });

    it('hands an `each` handler runs of events (arrays), each event once, the duplicate not again', async () => {
      const each = async () =>
        (await probe.dataSource.query<{ n: number }[]>(`SELECT n FROM projects.probe_each_effect ORDER BY n`)).map(
          (row) => row.n,
        );
      await waitFor('the set-wise consumer applied both', each, (rows) => rows.length >= 2, { timeoutMs: 10_000 });
      expect(await each()).toEqual([1, 2]);
      expect(seen.runs.flat().sort()).toEqual([1, 2]);
      expect(seen.runs.every((run) => Array.isArray(run) && run.length > 0)).toBe(true);
    });
  });
});
