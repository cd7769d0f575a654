import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { percentile, round } from './stats';

export interface LoadFigures {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  /** Answers other than the expected status. */
  readonly errors: number;
}

/** One GET on a kept-alive connection: its status and milliseconds. */
function get(agent: Agent, url: URL, headers: IncomingHttpHeaders): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: headers as Record<string, string> }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * A closed-loop load: `connections` clients each sending the next GET as soon as the last is answered, for
 * `durationMs` after a warm-up. The same code measures the system and its floor, so they compare.
 */
export async function closedLoop(
  target: string,
  options: { connections: number; durationMs: number; warmupMs?: number; headers?: IncomingHttpHeaders },
): Promise<LoadFigures> {
  const url = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const headers = options.headers ?? {};
  const run = async (ms: number, record: boolean) => {
    const latencies: number[] = [];
    let errors = 0;
    const until = performance.now() + ms;
    await Promise.all(
      Array.from({ length: options.connections }, async () => {
        while (performance.now() < until) {
          const answer = await get(agent, url, headers);
          if (!record) continue;
          latencies.push(answer.ms);
          if (answer.status !== 200) errors += 1;
        }
      }),
    );
    return { latencies, errors };
  };
  await run(options.warmupMs ?? 1_000, false);
  const started = performance.now();
  const { latencies, errors } = await run(options.durationMs, true);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    requests: latencies.length,
    perSecond: round(latencies.length / seconds, 1),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    errors,
  };
}

/** `count` GETs one after another (after `warmup` unrecorded): the latency a single user sees. */
export async function serial(
  target: string,
  options: { count: number; warmup?: number; headers?: IncomingHttpHeaders },
): Promise<LoadFigures> {
  const url = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  let errors = 0;
  for (let i = 0; i < (options.warmup ?? 20) + options.count; i++) {
    const answer = await get(agent, url, options.headers ?? {});
    if (i < (options.warmup ?? 20)) continue;
    latencies.push(answer.ms);
    if (answer.status !== 200) errors += 1;
  }
  agent.destroy();
  const total = latencies.reduce((sum, ms) => sum + ms, 0) / 1000;
  return {
    requests: latencies.length,
    perSecond: round(latencies.length / total, 1),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    errors,
  };
}

/** POSTs a JSON body with a bearer token and answers the status once the response has been read. */
export function postJson(agent: Agent, url: string, token: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
