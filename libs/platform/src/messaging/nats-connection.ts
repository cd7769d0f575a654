import { connect, type ConnectionOptions, type NatsConnection } from 'nats';

/**
 * One NATS connection per process serves both request/reply and JetStream. It reconnects forever:
 * a broker outage delays messages (the outbox keeps them), it must never end the process.
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
    ...options,
  });
}
