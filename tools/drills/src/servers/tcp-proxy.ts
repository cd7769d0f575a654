import net from 'node:net';
import { freePort } from '@duban/testing';

/**
 * A TCP proxy in front of a server, for one client process. `holdUpstream()` keeps everything the client sends
 * (e.g. a consumer's acks) in the proxy while the server's messages still reach it; `dropAll()` cuts every
 * connection and throws the held bytes away, as if the client had died before sending them.
 */
export class TcpProxy {
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket; held: Buffer[] }>();
  private holding = false;

  private readonly server: net.Server;

  private constructor(
    readonly port: number,
    private readonly targetPort: number,
  ) {
    this.server = net.createServer((client) => this.accept(client));
  }

  static async start(targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(await freePort(), targetPort);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(proxy.port, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Bytes held back so far (client → server). */
  get heldBytes(): number {
    let total = 0;
    for (const pair of this.pairs) for (const chunk of pair.held) total += chunk.length;
    return total;
  }

  holdUpstream(): void {
    this.holding = true;
  }

  /** Sends what was held and forwards freely again. */
  release(): void {
    this.holding = false;
    for (const pair of this.pairs) {
      for (const chunk of pair.held.splice(0)) pair.upstream.write(chunk);
    }
  }

  /** Cuts every connection; held bytes are discarded. New connections are forwarded freely. */
  dropAll(): void {
    this.holding = false;
    for (const pair of this.pairs) {
      pair.held.length = 0;
      pair.client.destroy();
      pair.upstream.destroy();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    const upstream = net.connect({ host: '127.0.0.1', port: this.targetPort });
    const pair = { client, upstream, held: [] as Buffer[] };
    this.pairs.add(pair);
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    client.on('data', (chunk: Buffer) => {
      if (this.holding) pair.held.push(chunk);
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  }
}
