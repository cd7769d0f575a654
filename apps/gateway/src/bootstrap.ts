import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { useChineseValidationMessages, type PlatformConfig } from '@duban/platform';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { registerLoginRateLimit } from './auth/login-rate-limit';
import type { GatewayConfig } from './config';
import { REDIS } from './core/redis.provider';

/** Builds the HTTP application (not yet listening): routes under /api, OpenAPI at /api/docs. */
export async function createGateway(platform: PlatformConfig, gateway: GatewayConfig): Promise<NestFastifyApplication> {
  useChineseValidationMessages();
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(platform, gateway),
    new FastifyAdapter({ bodyLimit: 1_048_576 }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  await registerLoginRateLimit(app, platform, gateway, app.get(REDIS));
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Duban 督办 API')
      .setDescription('Programme tracking from plan to acceptance: projects, milestones, funding, acceptance, reminders.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}
