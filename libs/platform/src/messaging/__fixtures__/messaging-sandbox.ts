import { testEnvironment, uniqueNamespace } from '@duban/testing';
import type { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import {
  addDeadLetterReplayerName,
  createMessagingTables,
  createRequestLog,
  extendMessagingTables,
  quoteIdent,
} from '../../database/messaging-tables';
import { Namespace } from '../namespace';
import { connectNats } from '../nats-connection';
import { JetStreamPublisher } from '../outbox/jetstream-publisher';

/**
 * A private corner of the run's database and broker for one test file: a schema holding the outbox,
 * inbox and dead-letter tables (plus whatever the test adds), and a NATS namespace of its own.
 */
export interface MessagingSandbox {
  readonly schema: string;
  readonly namespace: Namespace;
  readonly dataSource: DataSource;
  readonly databaseUrl: string;
  readonly nats: NatsConnection;
  readonly jetstream: JetStreamClient;
  readonly manager: JetStreamManager;
  /** The outbox relay's publisher on this connection (acks within 5 s). */
  readonly publisher: JetStreamPublisher;
  close(): Promise<void>;
}

export async function createMessagingSandbox(label: string, natsUrl?: string): Promise<MessagingSandbox> {
  const env = testEnvironment();
  const namespace = new Namespace(uniqueNamespace(label));
  const schema = `sandbox_${namespace.value}`;
  const databaseUrl = env.DUBAN_DATABASE_URL as string;
  const dataSource = await new DataSource({ type: 'postgres', url: databaseUrl, extra: { max: 20 } }).initialize();
  const runner = dataSource.createQueryRunner();
  await runner.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
  await createMessagingTables(runner, schema);
  await extendMessagingTables(runner, schema);
  await addDeadLetterReplayerName(runner, schema);
  await createRequestLog(runner, schema);
  await runner.release();
  const nats = await connectNats(natsUrl ?? (env.DUBAN_NATS_URL as string), `test-${label}`);
  const publisher = new JetStreamPublisher(nats, { timeoutMs: 5_000 });
  return {
    schema,
    namespace,
    dataSource,
    databaseUrl,
    nats,
    jetstream: nats.jetstream(),
    manager: await nats.jetstreamManager(),
    publisher,
    async close() {
      publisher.close();
      await nats.close();
      await dataSource.destroy();
    },
  };
}
