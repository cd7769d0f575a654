import type { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AsyncMicroserviceOptions } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { exitOnConfigError } from '../config/load-or-exit';
import { useChineseValidationMessages } from '../config/validation-locale';
import { DubanTransport } from '../messaging/transport/duban-transport';
import { reduceHeapWhenIdle } from '../runtime/idle-heap-reducer';

export interface StartServiceOptions {
  /** Tests keep quiet; production logs through pino. */
  readonly logs?: boolean;
}

/**
 * Starts a back-end service as a Nest microservice on the platform's transport (it meets the world over
 * NATS only), with pino as Nest's logger and graceful shutdown on SIGTERM/SIGINT: the transport's
 * subscriptions and consumers stop, then the relay, then NATS drains, then the pool closes. Production and
 * tests start services through here alike.
 */
export async function startService(module: unknown, options: StartServiceOptions = {}): Promise<INestMicroservice> {
  useChineseValidationMessages();
  const logs = options.logs ?? true;
  const transport: AsyncMicroserviceOptions = {
    inject: [DubanTransport],
    useFactory: (strategy: DubanTransport) => ({ strategy }),
  };
  const app = await NestFactory.createMicroservice(module as never, {
    ...transport,
    bufferLogs: logs,
    logger: logs ? undefined : false,
  });
  if (logs) app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  // A refused production start (ProductionStartCheck, at init) prints its problems and exits with EX_CONFIG.
  await app.listen().catch((error: unknown) => {
    exitOnConfigError(error);
    throw error;
  });
  reduceHeapWhenIdle();
  return app;
}
