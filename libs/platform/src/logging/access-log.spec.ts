import pino from 'pino';
import { Writable } from 'node:stream';
import { AccessLog } from './access-log';

/** A pino logger writing its lines (parsed) into `lines`, with the platform's redaction paths. */
function capture(level: string): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino(
    { level, base: { service: 'gateway' }, redact: { paths: ['*.password'], censor: '[redacted]' } },
    stream,
  );
  return { logger, lines };
}

describe('AccessLog', () => {
  it('writes one line per answered request, with the fields pino-http wrote', () => {
    const { logger, lines } = capture('info');
    const log = new AccessLog(logger);
    log.write({
      id: 'req-1',
      method: 'GET',
      url: '/api/me?x=1',
      statusCode: 200,
      responseTime: 3,
      correlationId: 'c-1',
    });
    log.write({ id: 'req-2', method: 'POST', url: '/api/x', statusCode: 503, responseTime: 7, correlationId: 'c-2' });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        service: 'gateway',
        req: { id: 'req-1', method: 'GET', url: '/api/me?x=1' },
        res: { statusCode: 200 },
        responseTime: 3,
        correlationId: 'c-1',
        msg: 'request completed',
      }),
      expect.objectContaining({ res: { statusCode: 503 }, correlationId: 'c-2', msg: 'request errored' }),
    ]);
  });

  it('says so when the client went away before the answer: no status', () => {
    const { logger, lines } = capture('info');
    new AccessLog(logger).write({ id: 'req-3', method: 'GET', url: '/api/x', correlationId: 'c-3', aborted: true });
    expect(lines).toEqual([
      expect.objectContaining({
        req: { id: 'req-3', method: 'GET', url: '/api/x' },
        aborted: true,
        msg: 'request aborted',
      }),
    ]);
    expect(lines[0]).not.toHaveProperty('res');
  });

  it('writes nothing, and says it is off, below level info', () => {
    const { logger, lines } = capture('warn');
    const log = new AccessLog(logger);
    expect(log.enabled).toBe(false);
    log.write({ id: 1, method: 'GET', url: '/', statusCode: 200, responseTime: 1, correlationId: 'c' });
    expect(lines).toEqual([]);
  });

  it("leaves the root logger's redaction to every other line", () => {
    const { logger, lines } = capture('info');
    new AccessLog(logger);
    logger.info({ body: { password: 'secret' } }, 'other');
    expect(lines).toEqual([expect.objectContaining({ body: { password: '[redacted]' } })]);
  });
});
