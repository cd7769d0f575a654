import { InboxDelivered, type InboxAddressee } from '@duban/contracts';
import { Clock } from '@duban/platform';
import { expectQuiet, waitFor } from '@duban/testing';
import { v7 as uuidv7 } from 'uuid';
import { startGatewaySandbox, type GatewaySandbox } from '../core/__fixtures__/gateway-sandbox';
import { InboxWatchers } from './inbox-watchers.service';

/** The sandbox's tokens last the default 8 hours. */
const TOKEN_TTL_SECONDS = 28_800;

/** What a client of the stream has read so far: the raw text, and its events parsed. */
interface OpenStream {
  readonly status: number;
  readonly contentType: string | null;
  text(): string;
  events(): { event: string; data: unknown }[];
  close(): void;
}

/**
 * `GET /api/me/notifications/stream` over a real socket, fed by `inbox.delivered` events published into the
 * run's own (namespaced) notifications stream on the real NATS, as the notifications service's relay would.
 */
describe('the inbox stream (real NATS)', () => {
  let sandbox: GatewaySandbox;
  let baseUrl: string;

  beforeAll(async () => {
    sandbox = await startGatewaySandbox('inboxstream', []);
    await sandbox.app.listen(0, '127.0.0.1');
    baseUrl = (await sandbox.app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  async function publish(...deliveries: { notificationId: string; addressee: InboxAddressee }[]): Promise<void> {
    await sandbox.publish(InboxDelivered, { createdAt: new Date().toISOString(), deliveries });
  }

  /** A token of its own (not the sandbox's cached one), for a test that revokes it or lets it expire. */
  async function freshToken(username: string): Promise<string> {
    const response = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'duban-demo' }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  /** Whether the server has ended the stream (the reader saw its end). */
  const ended = new WeakMap<OpenStream, () => boolean>();

  async function open(username: string | null, token?: string): Promise<OpenStream> {
    const controller = new AbortController();
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (token) headers.authorization = `Bearer ${token}`;
    else if (username) headers.authorization = `Bearer ${await sandbox.tokenFor(username)}`;
    const response = await fetch(`${baseUrl}/api/me/notifications/stream`, { headers, signal: controller.signal });
    let text = '';
    let done = false;
    if (response.body && response.ok) {
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      void (async () => {
        try {
          for (;;) {
            const chunk = await reader.read();
            if (chunk.done) {
              done = true;
              return;
            }
            text += chunk.value;
          }
        } catch {
          // Aborted by close().
        }
      })();
    } else {
      text = await response.text();
    }
    const stream: OpenStream = {
      status: response.status,
      contentType: response.headers.get('content-type'),
      text: () => text,
      events: () =>
        text
          .split('\n\n')
          .filter((frame) => frame.startsWith('event:'))
          .map((frame) => {
            const fields = Object.fromEntries(
              frame
                .split('\n')
                .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
            );
            return { event: String(fields.event), data: JSON.parse(String(fields.data)) };
          }),
      close: () => controller.abort(),
    };
    ended.set(stream, () => done);
    return stream;
  }

  it('sends lvliang exactly the notifications addressed to them: their username, or city_officer of 141100', async () => {
    const stream = await open('lvliang');
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    await waitFor(
      'the stream to open',
      () => stream.text(),
      (text) => text.startsWith(': connected'),
    );

    const forCity = uuidv7();
    const forLvliang = uuidv7();
    const forLast = uuidv7();
    // Not theirs: another city's officers, a county below their city (a role inbox is its region's own), another person.
    await publish({
      notificationId: uuidv7(),
      addressee: { kind: 'role', role: 'city_officer', regionCode: '140100' },
    });
    await publish({
      notificationId: uuidv7(),
      addressee: { kind: 'role', role: 'county_officer', regionCode: '141124' },
    });
    await publish({
      notificationId: uuidv7(),
      addressee: { kind: 'role', role: 'city_officer', regionCode: '141124' },
    });
    await publish({ notificationId: uuidv7(), addressee: { kind: 'user', username: 'linxian' } });
    // Theirs, in one batch beside someone else's.
    await publish(
      { notificationId: forCity, addressee: { kind: 'role', role: 'city_officer', regionCode: '141100' } },
      { notificationId: uuidv7(), addressee: { kind: 'user', username: 'taiyuan' } },
    );
    // Events arrive in stream order: once this last one is in, every earlier one was dispatched.
    await publish({ notificationId: forLvliang, addressee: { kind: 'user', username: 'lvliang' } });
    await publish({ notificationId: forLast, addressee: { kind: 'user', username: 'lvliang' } });

    const events = await waitFor(
      'the last event',
      () => stream.events(),
      (list) => JSON.stringify(list).includes(forLast),
    );
    expect(events).toEqual([
      { event: 'notification', data: { ids: [forCity] } },
      { event: 'notification', data: { ids: [forLvliang] } },
      { event: 'notification', data: { ids: [forLast] } },
    ]);
    stream.close();
  });

  it('sends one event of another city to nobody in this one, and forgets a client that disconnects', async () => {
    const watchers = sandbox.app.get(InboxWatchers);
    const lvliang = await open('lvliang');
    const taiyuan = await open('taiyuan');
    await waitFor(
      'both streams open',
      () => watchers.openStreams,
      (n) => n === 2,
    );

    const forTaiyuan = uuidv7();
    await publish({
      notificationId: forTaiyuan,
      addressee: { kind: 'role', role: 'city_officer', regionCode: '140100' },
    });
    const theirs = await waitFor(
      'taiyuan’s event',
      () => taiyuan.events(),
      (list) => list.length === 1,
    );
    expect(theirs).toEqual([{ event: 'notification', data: { ids: [forTaiyuan] } }]);
    expect(await expectQuiet(300, () => lvliang.events())).toEqual([]);

    lvliang.close();
    taiyuan.close();
    await waitFor(
      'both streams forgotten',
      () => watchers.openStreams,
      (n) => n === 0,
    );
  });

  it('refuses a caller without a token, as every other route does', async () => {
    const stream = await open(null);
    expect(stream.status).toBe(401);
    expect(stream.contentType).toMatch(/^application\/problem\+json/);
    expect(sandbox.app.get(InboxWatchers).openStreams).toBe(0);
  });

  it('ends the stream at once when its token is logged out; the token is refused from then on', async () => {
    const token = await freshToken('lvliang');
    const stream = await open('lvliang', token);
    const watchers = sandbox.app.get(InboxWatchers);
    await waitFor(
      'the stream to open',
      () => stream.text(),
      (text) => text.startsWith(': connected'),
    );
    const logout = await fetch(`${baseUrl}/api/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(logout.status).toBe(204);
    await waitFor(
      'the server to end the stream',
      () => ended.get(stream)?.(),
      (isEnded) => isEnded === true,
    );
    await waitFor(
      'the stream forgotten',
      () => watchers.openStreams,
      (n) => n === 0,
    );
    const again = await open('lvliang', token);
    expect(again.status).toBe(401);
    expect(again.contentType).toMatch(/^application\/problem\+json/);
  });

  it('ends the stream when its token expires', async () => {
    // A token issued so that it runs out three seconds from now.
    const clock = sandbox.app.get(Clock);
    clock.setNow(new Date(Date.now() - TOKEN_TTL_SECONDS * 1000 + 3000));
    let token: string;
    try {
      token = await freshToken('taiyuan');
    } finally {
      clock.setNow(null);
    }
    const stream = await open('taiyuan', token);
    expect(stream.status).toBe(200);
    await waitFor(
      'the server to end the stream',
      () => ended.get(stream)?.(),
      (isEnded) => isEnded === true,
      {
        timeoutMs: 10_000,
      },
    );
    expect((await open('taiyuan', token)).status).toBe(401);
  });
});
