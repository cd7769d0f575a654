import { Injectable, type NestMiddleware } from '@nestjs/common';
import { acceptCorrelationId, CorrelationContext } from '@duban/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const CORRELATION_HEADER = 'x-correlation-id';

/**
 * Takes the caller's correlation id (x-correlation-id, else x-request-id) or makes one, echoes it on the
 * response, and runs the rest of the request inside it: logs, NATS headers and events all carry it.
 */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(request: FastifyRequest['raw'], response: FastifyReply['raw'], next: () => void): void {
    const correlationId = acceptCorrelationId(request.headers[CORRELATION_HEADER] ?? request.headers['x-request-id']);
    response.setHeader(CORRELATION_HEADER, correlationId);
    CorrelationContext.run({ correlationId, causationId: null }, next);
  }
}
