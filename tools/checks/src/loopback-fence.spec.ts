import dns from 'node:dns';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, Socket, type LookupFunction, type NetConnectOpts } from 'node:net';
import { resolve } from 'node:path';

/** The fence's own decision, from the setup file itself (plain JavaScript, loaded by path as Jest loads it). */
const { isLoopback } = require(resolve(__dirname, '../../../libs/testing/src/jest/loopback-only.js')) as {
  isLoopback: (address: string) => boolean;
};

/** What a connection attempt came to: the error's code, or 'connected'. */
function attempt(options: NetConnectOpts | [port: number, host: string]): Promise<string> {
  return new Promise((resolve) => {
    // The positional form is the one node-postgres uses: `socket.connect(port, host)`.
    const socket = Array.isArray(options) ? new Socket().connect(...options) : connect(options);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** A lookup that answers every name with `addresses`, as a rebinding resolver would. */
const resolvingTo =
  (...addresses: string[]): LookupFunction =>
  (_hostname, options, callback) => {
    const all = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (options.all) return callback(null, all);
    const [first] = all;
    return callback(null, first?.address ?? '', first?.family ?? 4);
  };

describe('tests connect to loopback only (libs/testing/src/jest/loopback-only.js, in every project’s setup)', () => {
  let server: Server;
  let port: number;
  let reached = 0;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      reached += 1;
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  // The refusals are tried only on destinations a broken fence would still leave on this machine (0.0.0.0 and ::
  // connect locally; a name whose first address is loopback is connected there): this test never sends elsewhere.
  it('knows loopback: 127.0.0.0/8 and ::1 (also IPv4-mapped), nothing else', () => {
    const inside = ['127.0.0.1', '127.5.5.5', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1'];
    const outside = [
      '10.0.0.8',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '::ffff:10.0.0.1',
      'fe80::1',
      '1.1.1.1',
    ];
    expect(inside.filter((address) => !isLoopback(address))).toEqual([]);
    expect(outside.filter((address) => isLoopback(address))).toEqual([]);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback('localhost')).toBe(false);
  });

  it('refuses an address outside loopback before connecting', async () => {
    expect(await attempt({ host: '0.0.0.0', port })).toBe('ELOOPBACKONLY');
    expect(await attempt({ host: '::', port })).toBe('ELOOPBACKONLY');
    expect(reached).toBe(0);
  });

  it('refuses a name that resolves outside loopback, even after a loopback address', async () => {
    expect(
      await attempt({
        host: 'rebind.duban.test',
        port,
        autoSelectFamily: true,
        lookup: resolvingTo('127.0.0.1', '0.0.0.0'),
      }),
    ).toBe('ELOOPBACKONLY');
    expect(reached).toBe(0);
  });

  it('checks a host given positionally, as node-postgres gives it, the same way', async () => {
    expect(await attempt([port, '0.0.0.0'])).toBe('ELOOPBACKONLY');
    const systemLookup = dns.lookup;
    try {
      // A name the system resolver would answer outside loopback; 0.0.0.0 stays on this machine should the fence fail.
      (dns as { lookup: unknown }).lookup = resolvingTo('0.0.0.0');
      expect(await attempt([port, 'elsewhere.duban.test'])).toBe('ELOOPBACKONLY');
    } finally {
      (dns as { lookup: unknown }).lookup = systemLookup;
    }
    expect(await attempt([port, 'localhost'])).toBe('connected');
    expect(reached).toBe(0);
  });

  it('lets loopback through: addresses, localhost and names resolving to it, over net and http', async () => {
    expect(await attempt({ host: '127.0.0.1', port })).toBe('connected');
    expect(await attempt({ host: 'hooks.duban.test', port, lookup: resolvingTo('127.0.0.1') })).toBe('connected');
    const answer = await new Promise<string>((resolve, reject) => {
      request(`http://localhost:${port}/`, { family: 4 }, (response) => {
        response.setEncoding('utf8');
        let body = '';
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve(body));
      })
        .on('error', reject)
        .end();
    });
    expect(answer).toBe('ok');
    expect(reached).toBe(1);
  });

  it('refuses an http request outside loopback with the fence’s error', async () => {
    const code = await new Promise<string>((resolve) => {
      request(`http://0.0.0.0:${port}/hook`, () => resolve('answered'))
        .on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
        .end();
    });
    expect(code).toBe('ELOOPBACKONLY');
    expect(reached).toBe(1);
  });
});
