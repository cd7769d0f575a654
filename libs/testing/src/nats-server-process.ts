import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distinctFreePorts, freePort, waitForPort } from './loopback-ports';

const NATS_SERVER = '/usr/sbin/nats-server';

export interface NatsServerOptions {
  /** A nats-server.conf to start with (e.g. deploy's users and permissions); port and store stay private. */
  readonly configFile?: string;
  /** Variables the config file reads (`$NAME`), e.g. the users' passwords. */
  readonly env?: Readonly<Record<string, string>>;
  /** One node of a cluster (see `startCluster`): its name, and its route port and its peers' route ports. */
  readonly cluster?: { readonly serverName: string; readonly port: number; readonly routes: readonly number[] };
}

/**
 * A private NATS server with JetStream on a free port and its own store, so a test can kill and restart
 * a broker without touching the machine's shared one.
 */
export class NatsServerProcess {
  private child: ChildProcess | undefined;
  private readonly storeDir = mkdtempSync(join(tmpdir(), 'duban-nats-'));

  private constructor(
    readonly port: number,
    private readonly options: NatsServerOptions,
  ) {}

  static async start(options: NatsServerOptions = {}): Promise<NatsServerProcess> {
    if (!existsSync(NATS_SERVER)) throw new Error(`${NATS_SERVER} is missing: run npm run services to install it`);
    const server = new NatsServerProcess(await freePort(), options);
    await server.restart();
    return server;
  }

  /**
   * `size` nodes on loopback forming the JetStream cluster `duban` (each with its own store and route port),
   * so streams can be created with up to `size` replicas and a node can be killed while the others go on.
   * Resolves once each node accepts clients; JetStream answers only after the nodes have elected a leader.
   */
  static async startCluster(size: number): Promise<NatsServerProcess[]> {
    if (!existsSync(NATS_SERVER)) throw new Error(`${NATS_SERVER} is missing: run npm run services to install it`);
    const ports = await distinctFreePorts(size * 2);
    const routePorts = ports.slice(size);
    const nodes = ports.slice(0, size).map(
      (port, i) =>
        new NatsServerProcess(port, {
          cluster: { serverName: `n${i + 1}`, port: routePorts[i] as number, routes: routePorts },
        }),
    );
    await Promise.all(nodes.map((node) => node.restart()));
    return nodes;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Starts (or starts again) the server on the same port and store. */
  async restart(): Promise<void> {
    const config = this.options.configFile ? ['-c', this.options.configFile] : [];
    const cluster = this.options.cluster;
    const clustering = cluster
      ? [
          ...['--server_name', cluster.serverName, '--cluster_name', 'duban'],
          ...['--cluster', `nats://127.0.0.1:${cluster.port}`],
          ...['--routes', cluster.routes.map((port) => `nats://127.0.0.1:${port}`).join(',')],
        ]
      : [];
    const args = [...config, '-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir, ...clustering];
    const child = spawn(NATS_SERVER, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...this.options.env },
    });
    this.child = child;
    // A server that refuses its config exits at once: say why rather than only that the port stayed closed.
    let complaint = '';
    child.stderr?.on('data', (chunk: Buffer) => (complaint += chunk.toString()));
    await waitForPort(this.port, true).catch((error: Error) => {
      throw new Error(`${error.message}${complaint ? `: ${complaint.trim()}` : ''}`);
    });
    child.stderr?.removeAllListeners('data').resume(); // its log from now on: drained, not kept
  }

  /** Kills the server without warning (SIGKILL), as a crash would. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await waitForPort(this.port, false);
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
