import net from 'node:net';
import { waitFor } from '@duban/testing';
import { TcpProxy } from './tcp-proxy';

describe('TcpProxy', () => {
  let server: net.Server;
  let received: string;
  let port: number;

  beforeEach(async () => {
    received = '';
    server = net.createServer((socket) => {
      socket.on('data', (chunk) => {
        received += chunk.toString();
        socket.write(`echo:${chunk.toString()}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as net.AddressInfo).port;
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('holds what the client sends while the server still reaches it, and drops it when told', async () => {
    const proxy = await TcpProxy.start(port);
    const client = net.connect({ host: '127.0.0.1', port: proxy.port });
    let echoed = '';
    client.on('data', (chunk) => (echoed += chunk.toString()));
    client.on('error', () => undefined);
    client.write('one');
    await waitFor(
      'first message through',
      () => echoed,
      (e) => e === 'echo:one',
    );

    proxy.holdUpstream();
    client.write('ack');
    await waitFor(
      'held',
      () => proxy.heldBytes,
      (bytes) => bytes === 3,
    );
    expect(received).toBe('one');

    proxy.dropAll();
    await waitFor('client cut off', () => client.destroyed || client.readyState === 'closed', Boolean);
    expect(received).toBe('one');
    await proxy.close();
  });

  it('sends what it held on release', async () => {
    const proxy = await TcpProxy.start(port);
    const client = net.connect({ host: '127.0.0.1', port: proxy.port });
    await new Promise((resolve) => client.once('connect', resolve));
    proxy.holdUpstream();
    client.write('later');
    await waitFor(
      'held',
      () => proxy.heldBytes,
      (bytes) => bytes === 5,
    );
    proxy.release();
    await waitFor(
      'delivered',
      () => received,
      (r) => r === 'later',
    );
    client.destroy();
    await proxy.close();
  });
});
