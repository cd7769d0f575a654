/**
 * Whether an error means the database could not be reached or went away mid-query (a restart, a failover,
 * a refused connection), as opposed to a query it refused. Such a failure is a 503 to the caller — try
 * again shortly — never a 500: nothing is wrong with the request, and nothing was written.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const cause = driverError(error);
  if (!(cause instanceof Error)) return false;
  const { code } = cause as { code?: unknown };
  if (typeof code === 'string') {
    // SQLSTATE class 08 (connection exception); the server shutting down, crashed or still starting;
    // out of connection slots.
    if (/^08/.test(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
    if (SOCKET_ERRORS.has(code)) return true;
  }
  return LOST_CONNECTION_MESSAGES.some((message) => cause.message.includes(message));
}

const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
/** What node-postgres says when the server closes a connection under it, or none comes in time. */
const LOST_CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
];

/** TypeORM wraps the driver's error (QueryFailedError.driverError); look at what the driver said. */
function driverError(error: unknown): unknown {
  const inner = (error as { driverError?: unknown } | null)?.driverError;
  return inner ?? error;
}
