import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The floor's whole program: answer every request with the file's bytes, nothing computed. */
const PROGRAM = `
const body = require('node:fs').readFileSync(process.argv[1]);
const type = process.argv[2];
const extra = JSON.parse(process.argv[3] || '{}');
const server = require('node:http').createServer((req, res) => {
  res.writeHead(200, { ...extra, 'content-type': type, 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

/**
 * The floor of an HTTP read: a bare \`node:http\` server, in a process of its own as the gateway is, answering
 * every request with the same bytes the gateway answered (body and content type, and the headers a goal says
 * every answer must carry: G7 passes the gateway's security headers and a correlation id).
 */
export class FloorServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(
    body: Buffer,
    contentType: string,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<FloorServer> {
    const file = join(mkdtempSync(join(tmpdir(), 'duban-floor-')), 'body');
    writeFileSync(file, body);
    const child = spawn(process.execPath, ['-e', PROGRAM, file, contentType, JSON.stringify(headers)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.once('exit', (code) => reject(new Error(`floor server exited (${code})`)));
    });
    return new FloorServer(child, `http://127.0.0.1:${port}/`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
