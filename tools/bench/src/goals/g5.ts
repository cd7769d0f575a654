import { FloorServer } from '../floor-server';
import { requireNational, type GoalOptions, type GoalResult } from '../goal';
import { serial } from '../http-load';
import { NATION } from '../national';
import { round } from '../stats';

const REQUESTS = Number(process.env.BENCH_G5_REQUESTS ?? 300);

/**
 * G5: the national dashboard (every county × 12 months) through the gateway, p95 of serial requests, from
 * the read model. Floor: a bare node:http server answering the same bytes, measured the same way.
 */
export async function runG5(options: GoalOptions): Promise<GoalResult> {
  const { stack } = options;
  const national = requireNational(options);
  const url = `${stack.http.baseUrl}/api/dashboard?region=${NATION}`;
  const headers = { authorization: `Bearer ${national.nationalToken}` };
  const sample = await stack.http.request(`/api/dashboard?region=${NATION}`, { headers });
  if (sample.status !== 200) throw new Error(`national dashboard: ${sample.status} ${sample.text.slice(0, 300)}`);
  const system = await serial(url, { count: REQUESTS, headers });
  const floorServer = await FloorServer.start(Buffer.from(sample.text), sample.headers.get('content-type') ?? '');
  const floor = await serial(floorServer.url, { count: REQUESTS }).finally(() => floorServer.stop());
  return {
    goal: 'G5',
    figure: system.p95Ms,
    unit: 'ms p95',
    floor: floor.p95Ms,
    ratio: round(system.p95Ms / floor.p95Ms),
    target: 'p95 ≤ 20 ms',
    met: system.p95Ms <= 20 && system.errors === 0,
    detail: {
      counties: sample.body.total.countyCount,
      months: sample.body.series.length,
      bytes: Buffer.byteLength(sample.text),
      system,
      floor,
    },
  };
}
