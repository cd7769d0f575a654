import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

function pgError(code: string, message = 'pg'): Error {
  return Object.assign(new Error(message), { code });
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a server still starting (57P03)', pgError('57P03', 'the database system is not yet accepting connections')],
    ['a shutdown (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
    ['a connection exception (08006)', pgError('08006')],
    ['a connection closed under a query', new Error('Connection terminated unexpectedly')],
    [
      'a wrapped driver error',
      new QueryFailedError('SELECT 1', [], pgError('57P01', 'terminating connection due to administrator command')),
    ],
  ])('is true for %s', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], pgError('23505', 'duplicate key'))],
    ['invalid text (NUL)', pgError('22021')],
    ['a plain error', new Error('boom')],
    ['not an error', 'Connection terminated'],
    ['nothing', undefined],
  ])('is false for %s', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
