import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import {
  defineRpc,
  DomainError,
  NotFoundError,
  ServiceUnavailableError,
  ValidationError,
} from '@duban/contracts';
import { testEnvironment, uniqueNamespace } from '@duban/testing';
import type { NatsConnection } from 'nats';
import { z } from 'zod';
import { PlatformConfig } from '../../config/platform-config';
import { CorrelationContext } from '../../correlation/correlation-context';
import { Namespace } from '../namespace';
import { connectNats } from '../nats-connection';
import { NATS_CONNECTION } from '../tokens';
import { RpcClient } from './rpc-client';
import { RpcHandler } from './rpc-handler.decorator';
import { RpcServer } from './rpc-server';

const Echo = defineRpc({
  subject: 'projects.probe.echo',
  service: 'projects',
  request: z.object({ text: z.string().max(5), id: z.number().int().optional() }).strict(),
  response: z.object({ text: z.string(), correlationId: z.string() }),
});
const Missing = defineRpc({ subject: 'projects.probe.missing', service: 'projects', request: z.object({}), response: z.object({}) });
const Crash = defineRpc({ subject: 'projects.probe.crash', service: 'projects', request: z.object({}), response: z.object({}) });
const Slow = defineRpc({ subject: 'projects.probe.slow', service: 'projects', request: z.object({}), response: z.object({}) });
const Unanswered = defineRpc({ subject: 'projects.probe.nobody', service: 'projects', request: z.object({}), response: z.object({}) });

@Injectable()
class ProbeHandlers {
  @RpcHandler(Echo)
  async echo(request: { text: string }) {
    return { text: request.text.toUpperCase(), correlationId: CorrelationContext.current()?.correlationId ?? '' };
  }

  @RpcHandler(Missing)
  async missing(): Promise<never> {
    throw new NotFoundError('项目不存在');
  }

  @RpcHandler(Crash)
  async crash(): Promise<never> {
    throw new Error('database password is hunter2');
  }

  @RpcHandler(Slow)
  async slow(): Promise<object> {
    await new Promise((resolve) => setTimeout(resolve, 400));
    return {};
  }
}

describe('RPC over NATS request/reply', () => {
  let app: INestApplicationContext;
  let nats: NatsConnection;
  let client: RpcClient;

  beforeAll(async () => {
    const config = PlatformConfig.fromEnv('projects', testEnvironment({ DUBAN_NAMESPACE: uniqueNamespace('rpc') }));
    nats = await connectNats(config.nats.url, 'rpc-test');
    const namespace = new Namespace(config.namespace);

    @Module({
      imports: [DiscoveryModule],
      providers: [
        { provide: PlatformConfig, useValue: config },
        { provide: Namespace, useValue: namespace },
        { provide: NATS_CONNECTION, useValue: nats },
        RpcServer,
        ProbeHandlers,
      ],
    })
    class ProbeModule {}

    app = await NestFactory.createApplicationContext(ProbeModule, { logger: false });
    client = new RpcClient(nats, namespace, 1000);
  });

  afterAll(async () => {
    await app?.close();
    await nats?.close();
  });

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
});
