import type { Envelope } from '@duban/contracts';
import type { JetStreamManager } from 'nats';

export interface StoredMessage {
  readonly seq: number;
  readonly subject: string;
  readonly msgId: string | undefined;
  readonly envelope: Envelope;
}

/** Reads every message a stream holds, in stream order: what a consumer would see. */
export async function readStream(manager: JetStreamManager, stream: string): Promise<StoredMessage[]> {
  const info = await manager.streams.info(stream);
  const messages: StoredMessage[] = [];
  if (info.state.messages === 0) return messages;
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const message = await manager.streams.getMessage(stream, { seq });
    messages.push({
      seq,
      subject: message.subject,
      msgId: message.header?.get('Nats-Msg-Id') || undefined,
      envelope: JSON.parse(message.string()) as Envelope,
    });
  }
  return messages;
}
