import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { AccessLog, DubanTransport, useChineseValidationMessages, type PlatformConfig } from '@duban/platform';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { registerLoginRateLimit } from './auth/login-rate-limit';
import { SessionAdmission } from './auth/session-admission';
import type { GatewayConfig } from './config';
import { edgeServerOptions, registerEdgeChecks } from './core/http-edge';
import { REDIS } from './core/redis.provider';
import { registerRequestContext } from './core/request-context';
import { createOpenApiDocument } from './openapi/openapi-document';
import { ProjectDetails } from './projects/project-details';
import { registerProjectReadFastPath } from './projects/project-read.fast-path';
import { registerWriteFence } from './projects/write-fence';
import { serveWebApp } from './web/web-app';

/**
 * Builds the gateway, initialised but not yet listening: routes under /api, OpenAPI at /api/docs, the web app
 * at /. A hybrid app: its event subscribers (the live inbox) run on the platform's microservices transport,
 * which is consuming by the time this returns.
 */
export async function createGateway(platform: PlatformConfig, gateway: GatewayConfig): Promise<NestFastifyApplication> {
  useChineseValidationMessages();
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(platform, gateway),
    new FastifyAdapter(edgeServerOptions(gateway.http)),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  // Every request's own work before the routes: Fastify hooks, registered before any route (issue 17, G7).
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestContext(fastify, app.get(AccessLog));
  registerEdgeChecks(fastify);
  registerWriteFence(fastify, app.get(ProjectDetails));
  // One read answered before Nest's route when memory alone answers it (issue 17, G7).
  registerProjectReadFastPath(fastify, app.get(SessionAdmission), app.get(ProjectDetails));
  await registerLoginRateLimit(app, platform, gateway, app.get(REDIS));
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  // Built on the first request for it, not at start: the document and the schemas it is built from stay out of
  // an idle gateway's memory (issue 17, G8).
  SwaggerModule.setup('api/docs', app, () => createOpenApiDocument(app), { jsonDocumentUrl: 'api/docs/openapi.json' });
  if (!(await serveWebApp(app, gateway.webRoot))) {
    app.get(Logger).warn(`no web build in ${gateway.webRoot} (run \`nx build web\`): / is not served`);
  }
  app.connectMicroservice(
    { inject: [DubanTransport], useFactory: (strategy: DubanTransport) => ({ strategy }) },
    { inheritAppConfig: true },
  );
  await app.init();
  await app.startAllMicroservices();
  return app;
}
