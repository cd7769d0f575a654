import { acceptCorrelationId, CorrelationContext, type AccessLog } from '@duban/platform';
import type { FastifyInstance } from 'fastify';

export const CORRELATION_HEADER = 'x-correlation-id';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's correlation id (the caller's, or one made for it): on the answer, its logs and its RPCs. */
    correlationId: string;
  }
}

/**
 * The context every request runs in, as Fastify hooks (one synchronous hook each: no Nest middleware, whose
 * engine ran for every request — issue 17, G7):
 * - the correlation id: the caller's (x-correlation-id, else x-request-id) or a new one, echoed on the answer,
 *   and the rest of the request runs inside it (CorrelationContext): logs, audit rows, NATS headers and events
 *   all carry it;
 * - one access line per request when it is answered, or when its client went away first (AccessLog).
 * Register before every other hook and route, so that the answers the edge checks give early carry the id too.
 */
export function registerRequestContext(fastify: FastifyInstance, accessLog: AccessLog): void {
  fastify.decorateRequest('correlationId', '');
  fastify.addHook('onRequest', (request, reply, done) => {
    const { headers } = request;
    const correlationId = acceptCorrelationId(headers[CORRELATION_HEADER] ?? headers['x-request-id']);
    request.correlationId = correlationId;
    reply.raw.setHeader(CORRELATION_HEADER, correlationId);
    CorrelationContext.run({ correlationId, causationId: null }, done);
  });
  if (!accessLog.enabled) return;
  fastify.addHook('onResponse', (request, reply, done) => {
    accessLog.write({
      id: request.id,
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime),
      correlationId: request.correlationId,
    });
    done();
  });
  // The client closed the connection before its answer was sent: a line all the same, with no status.
  fastify.addHook('onRequestAbort', (request, done) => {
    accessLog.write({
      id: request.id,
      method: request.method,
      url: request.url,
      correlationId: request.correlationId,
      aborted: true,
    });
    done();
  });
}
