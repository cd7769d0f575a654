import { FloorServer } from '../floor-server';
import type { GoalOptions, GoalResult } from '../goal';
import { closedLoop } from '../http-load';
import { round } from '../stats';

/** Reads 临县's demo project: runs with `--without-national` too. */
export const needsNational = false;

const CONNECTIONS = 20;
/**
 * The headers of the gateway's answer the floor sends too: the ones every answer must carry (the security
 * headers, the correlation id; ~0.5 KB beside a ~1 KB body). What node:http adds by itself (date, connection,
 * keep-alive) it adds to the floor's answer as well; the body's own headers are the floor's already.
 */
const NOT_COPIED = new Set(['date', 'connection', 'keep-alive', 'content-length', 'content-type', 'transfer-encoding']);
const DURATION_MS = Number(process.env.BENCH_G7_MS ?? 10_000);

/**
 * G7: an authenticated `GET /api/projects/:id` through the gateway (a county officer's token: signature,
 * revocation, account and scope checks, the project from the gateway's read model) at 20 connections, requests
 * per second beside a bare node:http server answering the same bytes (body, content type and the headers every
 * answer must carry) at 20 connections.
 */
export async function runG7({ stack }: GoalOptions): Promise<GoalResult> {
  const listed = (await stack.http.call('linxian', '/api/projects?region=141124')).body;
  const [project] = Array.isArray(listed) ? listed : (listed.items ?? []);
  const path = `/api/projects/${(project as { id: string }).id}`;
  const sample = await stack.http.call('linxian', path);
  if (sample.status !== 200) throw new Error(`${path}: ${sample.status}`);
  const headers = { authorization: `Bearer ${await stack.http.token('linxian')}` };
  const system = await closedLoop(`${stack.http.baseUrl}${path}`, {
    connections: CONNECTIONS,
    durationMs: DURATION_MS,
    headers,
  });
  const mandatory = Object.fromEntries([...sample.headers].filter(([name]) => !NOT_COPIED.has(name)));
  const floorServer = await FloorServer.start(
    Buffer.from(sample.text),
    sample.headers.get('content-type') ?? '',
    mandatory,
  );
  const floor = await closedLoop(floorServer.url, { connections: CONNECTIONS, durationMs: DURATION_MS }).finally(() =>
    floorServer.stop(),
  );
  const ratio = round(system.perSecond / floor.perSecond, 3);
  return {
    goal: 'G7',
    figure: system.perSecond,
    unit: 'req/s',
    floor: floor.perSecond,
    ratio,
    target: '≥ 0.5× floor at 20 connections',
    met: ratio >= 0.5 && system.errors === 0,
    detail: {
      path: '/api/projects/:id',
      bytes: Buffer.byteLength(sample.text),
      headersCopied: Object.keys(mandatory),
      system,
      floor,
    },
  };
}
