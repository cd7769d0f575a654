import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Serves the built web app (apps/web/dist) at `/`: its files as they are, and index.html for every other
 * GET outside /api, so a deep link such as /projects/<id>/milestones/<id> opens the page the client-side
 * router shows. /api keeps its own 404 (problem+json). Hashed assets are cached for a year; index.html never,
 * so a new build is picked up at the next load.
 */
export async function serveWebApp(app: NestFastifyApplication, webRoot: string): Promise<boolean> {
  if (!existsSync(path.join(webRoot, 'index.html'))) return false;
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, {
    root: webRoot,
    wildcard: false,
    index: false,
    setHeaders: (response, filePath) => {
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      response.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const sendIndex = (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url === '/api' || request.url.startsWith('/api/')) return reply.callNotFound();
    return reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');
  };
  fastify.get('/', sendIndex);
  fastify.get('/*', sendIndex);
  return true;
}
