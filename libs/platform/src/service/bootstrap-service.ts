import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { useChineseValidationMessages } from '../config/validation-locale';

/**
 * Starts a back-end service (no HTTP: it meets the world over NATS) with pino as Nest's logger and
 * graceful shutdown on SIGTERM/SIGINT: consumers and the relay stop, then NATS drains, then the pool closes.
 */
export async function bootstrapService(module: unknown): Promise<INestApplicationContext> {
  useChineseValidationMessages();
  const app = await NestFactory.createApplicationContext(module as never, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  return app;
}
