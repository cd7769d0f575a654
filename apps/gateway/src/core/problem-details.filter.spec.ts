import type { ArgumentsHost } from '@nestjs/common';
import { NotFoundError } from '@duban/contracts';
import { lastValueFrom, type Observable } from 'rxjs';
import { ProblemDetailsFilter } from './problem-details.filter';

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
