import { FloorServer } from '../floor-server';
import type { GoalOptions, GoalResult } from '../goal';
import { closedLoop, type LoadFigures } from '../http-load';
import { bestRound, medianPerSecond, round } from '../stats';

/** Reads 临县's demo project: runs with `--without-national` too. */
export const needsNational = false;

const CONNECTIONS = 20;
/**
 * The headers of the gateway's answer the floor sends too: the ones every answer must carry (the security
 * headers, the correlation id; ~0.5 KB beside a ~1 KB body). What node:http adds by itself (date, connection,
 * keep-alive) it adds to the floor's answer as well; the body's own headers are the floor's already.
 */
const NOT_COPIED = new Set(['date', 'connection', 'keep-alive', 'content-length', 'content-type', 'transfer-encoding']);
/** Each round's length, per side. */
const ROUND_MS = Number(process.env.BENCH_G7_MS ?? 5_000);
/**
 * Rounds, alternating the gateway and its floor, so that both meet the machine alike: measured one after the
 * other (10 s each), the gateway's 10 s met whatever the goal before had left running (Postgres vacuuming
 * G6's rewritten rows) and the floor's did not (0.47× in a full run, against 0.96× alone). The best of each
 * side counts, as in G3; the detail keeps every round.
 */
const ROUNDS = Number(process.env.BENCH_G7_ROUNDS ?? 3);

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
  const mandatory = Object.fromEntries([...sample.headers].filter(([name]) => !NOT_COPIED.has(name)));
  const floorServer = await FloorServer.start(
    Buffer.from(sample.text),
    sample.headers.get('content-type') ?? '',
    mandatory,
  );
  const systemRounds: LoadFigures[] = [];
  const floorRounds: LoadFigures[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      systemRounds.push(
        await closedLoop(`${stack.http.baseUrl}${path}`, { connections: CONNECTIONS, durationMs: ROUND_MS, headers }),
      );
      floorRounds.push(await closedLoop(floorServer.url, { connections: CONNECTIONS, durationMs: ROUND_MS }));
    }
  } finally {
    await floorServer.stop();
  }
  const system = bestRound(systemRounds);
  const floor = bestRound(floorRounds);
  const ratio = round(system.perSecond / floor.perSecond, 3);
  const errors = systemRounds.reduce((sum, r) => sum + r.errors, 0);
  return {
    goal: 'G7',
    figure: system.perSecond,
    unit: 'req/s',
    floor: floor.perSecond,
    ratio,
    target: '≥ 0.5× floor at 20 connections',
    met: ratio >= 0.5 && errors === 0,
    detail: {
      path: '/api/projects/:id',
      bytes: Buffer.byteLength(sample.text),
      headersCopied: Object.keys(mandatory),
      system,
      floor,
      errors,
      medianRatio: round(medianPerSecond(systemRounds) / medianPerSecond(floorRounds), 3),
      systemRounds: systemRounds.map((r) => r.perSecond),
      floorRounds: floorRounds.map((r) => r.perSecond),
    },
  };
}
