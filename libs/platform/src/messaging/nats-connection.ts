import { connect, type ConnectionOptions, type NatsConnection } from 'nats';

/**
 * One NATS connection per process serves both request/reply and JetStream. It reconnects forever:
 * a broker outage delays messages (the outbox keeps them), it must never end the process. No async traces:
 * nats.js would otherwise capture a stack (two Error objects) for every request and JetStream publication,
 * a tenth of the outbox relay's CPU; a timeout is still reported as one, only without the caller's stack.
 */
export async function connectNats(
  url: string,
  name: string,
  options: Partial<ConnectionOptions> = {},
): Promise<NatsConnection> {
  return connect({
    servers: url.split(',').map((server) => server.trim()),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: false,
    noAsyncTraces: true,
    ...options,
  });
}
