import { randomUUID } from 'node:crypto';
import { readStream } from '@duban/testing';
import { DiscardPolicy, headers as natsHeaders } from 'nats';
import { createMessagingSandbox, type MessagingSandbox } from '../__fixtures__/messaging-sandbox';
import { ProbeRecorded, probeStream } from '../__fixtures__/probe-event';
import { ensureStream } from '../streams';
import { JetStreamPublisher } from './jetstream-publisher';

/** The publisher the outbox relay uses, against the machine's NATS: what each kind of answer does to a publication. */
describe('JetStreamPublisher', () => {
  let sandbox: MessagingSandbox;
  let streamName: string;
  let subject: string;

  beforeAll(async () => {
    sandbox = await createMessagingSandbox('js-publisher');
    await ensureStream(sandbox.manager, probeStream, sandbox.namespace, { duplicateWindowMs: 60_000 });
    streamName = sandbox.namespace.name(probeStream.name);
    subject = sandbox.namespace.subject(ProbeRecorded.type);
  });

  afterAll(async () => {
    await sandbox.manager.streams.delete(streamName).catch(() => undefined);
    await sandbox?.close();
  });

  const envelope = (n: number) =>
    JSON.stringify({ id: randomUUID(), type: ProbeRecorded.type, data: { aggregate: 'a', n } });

  it('resolves each publication with its stream sequence, in order, and stores each once under its message id', async () => {
    const before = (await sandbox.manager.streams.info(streamName)).state.messages;
    const ids = Array.from({ length: 200 }, () => randomUUID());
    const acks = await Promise.all(
      ids.map((id, n) => {
        const headers = natsHeaders();
        headers.set('duban-correlation-id', `c-${n}`);
        return sandbox.publisher.publish(subject, envelope(n), { msgID: id, headers });
      }),
    );

    expect(acks.every((ack) => ack.stream === streamName && !ack.duplicate)).toBe(true);
    const sequences = acks.map((ack) => ack.seq);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(200);
    const stored = (await readStream(sandbox.manager, streamName)).slice(before);
    expect(stored.map((m) => m.msgId)).toEqual(ids);
  });

  it('answers a publication repeated within the duplicate window as a duplicate, stored once', async () => {
    const id = randomUUID();
    const first = await sandbox.publisher.publish(subject, envelope(1), { msgID: id });
    const again = await sandbox.publisher.publish(subject, envelope(1), { msgID: id });

    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ stream: streamName, seq: first.seq, duplicate: true });
  });

  it('fails a publication no stream listens to, at once', async () => {
    const nowhere = sandbox.namespace.subject('duban.nowhere.probe.v1');

    await expect(sandbox.publisher.publish(nowhere, envelope(1), { msgID: randomUUID() })).rejects.toThrow(
      'no JetStream stream answers on this subject (503)',
    );
  });

  it("fails a publication the stream refuses, with JetStream's reason", async () => {
    const full = sandbox.namespace.name('FULL');
    const fullSubject = sandbox.namespace.subject('duban.full.probe.v1');
    await sandbox.manager.streams.add({ name: full, subjects: [fullSubject], max_msgs: 1, discard: DiscardPolicy.New });
    try {
      await sandbox.publisher.publish(fullSubject, envelope(1), { msgID: randomUUID() });

      await expect(sandbox.publisher.publish(fullSubject, envelope(2), { msgID: randomUUID() })).rejects.toThrow(
        /JetStream refused the message: maximum messages exceeded/,
      );
      expect((await sandbox.manager.streams.info(full)).state.messages).toBe(1);
    } finally {
      await sandbox.manager.streams.delete(full);
    }
  });

  it('fails a publication nobody acks after its timeout, and one still awaiting when it is closed', async () => {
    // A plain subscriber gives the subject interest (no 503) but never answers: no ack ever comes.
    const silent = sandbox.namespace.subject('duban.silent.probe.v1');
    const listener = sandbox.nats.subscribe(silent);
    const quick = new JetStreamPublisher(sandbox.nats, { timeoutMs: 100 });
    const slow = new JetStreamPublisher(sandbox.nats, { timeoutMs: 60_000 });
    try {
      await expect(quick.publish(silent, envelope(1), { msgID: randomUUID() })).rejects.toThrow(
        'JetStream did not ack within 100 ms',
      );
      const pending = slow.publish(silent, envelope(2), { msgID: randomUUID() });
      slow.close();
      await expect(pending).rejects.toThrow('JetStream publisher closed before the ack');
    } finally {
      quick.close();
      slow.close();
      listener.unsubscribe();
    }
  });
});
