import { AccessLog, CorrelationContext } from '@duban/platform';
import fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { Writable } from 'node:stream';
import { registerRequestContext } from './request-context';

/** A bare Fastify server with the request context's hooks, and the access lines it wrote (parsed). */
function server(level = 'info'): { app: FastifyInstance; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const app = fastify();
  registerRequestContext(app, new AccessLog(pino({ level }, stream)));
  // What the routes see of the context: after an await, and after a body was read.
  app.get('/seen', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return { correlationId: CorrelationContext.current()?.correlationId ?? null };
  });
  app.post('/seen', async (request) => ({
    correlationId: CorrelationContext.current()?.correlationId ?? null,
    body: request.body,
  }));
  app.get('/refused', async (_request, reply) => reply.status(503).send({ down: true }));
  return { app, lines };
}

describe('the request context (Fastify hooks)', () => {
  it("takes the caller's correlation id, echoes it, and runs the route inside it (after awaits and a body)", async () => {
    const { app } = server();
    const read = await app.inject({ method: 'GET', url: '/seen', headers: { 'x-correlation-id': 'corr-1' } });
    expect(read.headers['x-correlation-id']).toBe('corr-1');
    expect(read.json()).toEqual({ correlationId: 'corr-1' });
    const write = await app.inject({
      method: 'POST',
      url: '/seen',
      headers: { 'x-request-id': 'req-9' },
      payload: { a: 1 },
    });
    expect(write.headers['x-correlation-id']).toBe('req-9');
    expect(write.json()).toEqual({ correlationId: 'req-9', body: { a: 1 } });
  });

  it('makes a correlation id when the caller sends none, or one that is not a sane token', async () => {
    const { app } = server();
    for (const headers of [{}, { 'x-correlation-id': 'bad id with spaces' }]) {
      const answer = await app.inject({ method: 'GET', url: '/seen', headers });
      const made = answer.headers['x-correlation-id'];
      expect(made).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.json()).toEqual({ correlationId: made });
    }
  });

  it('writes one access line per request: method, URL, status, time, correlation id', async () => {
    const { app, lines } = server();
    await app.inject({ method: 'GET', url: '/seen?x=1', headers: { 'x-correlation-id': 'corr-2' } });
    await app.inject({ method: 'GET', url: '/refused', headers: { 'x-correlation-id': 'corr-3' } });
    await app.inject({ method: 'GET', url: '/missing', headers: { 'x-correlation-id': 'corr-4' } });
    expect(lines).toEqual([
      expect.objectContaining({
        req: { id: expect.any(String), method: 'GET', url: '/seen?x=1' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
        correlationId: 'corr-2',
        msg: 'request completed',
      }),
      expect.objectContaining({ res: { statusCode: 503 }, correlationId: 'corr-3', msg: 'request errored' }),
      expect.objectContaining({ res: { statusCode: 404 }, correlationId: 'corr-4', msg: 'request completed' }),
    ]);
  });

  it('writes no access line below level info, and still carries the correlation id', async () => {
    const { app, lines } = server('warn');
    const answer = await app.inject({ method: 'GET', url: '/seen', headers: { 'x-correlation-id': 'corr-5' } });
    expect(answer.json()).toEqual({ correlationId: 'corr-5' });
    expect(lines).toEqual([]);
  });
});
