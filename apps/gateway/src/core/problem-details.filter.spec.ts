import type { ArgumentsHost } from '@nestjs/common';
import { NotFoundError } from '@duban/contracts';
import { lastValueFrom, type Observable } from 'rxjs';
import { problemOf, ProblemDetailsFilter } from './problem-details.filter';

/** The hybrid app's event subscribers share the global filter: it must not turn their errors into HTTP. */
describe('the problem-details filter outside HTTP', () => {
  it.each([
    ['a domain error', new NotFoundError('通知不存在')],
    ['any other error', new TypeError('watcher failed')],
  ])('hands %s of an event handler back as thrown, for the consumer to log', async (_label, error) => {
    const host = { getType: () => 'rpc' } as unknown as ArgumentsHost;
    const answer = new ProblemDetailsFilter().catch(error, host) as Observable<never>;
    await expect(lastValueFrom(answer)).rejects.toBe(error);
  });
});

/** The postgres-restarted drill: the gateway's own database gone for a moment must read "try again", not 500. */
describe('problemOf a lost database', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    [
      'a server still starting',
      Object.assign(new Error('the database system is not yet accepting connections'), { code: '57P03' }),
    ],
    ['a connection closed under a query', new Error('Connection terminated unexpectedly')],
  ])('answers %s with 503 service_unavailable', (_label, error) => {
    expect(problemOf(error)).toMatchObject({ status: 503, code: 'service_unavailable' });
  });

  it('leaves any other error a 500 (no problem of its own)', () => {
    expect(problemOf(new TypeError('undefined is not a function'))).toBeNull();
  });
});
