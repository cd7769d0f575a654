// A process under the idle heap reducer (fast checks) that leaves old-generation garbage behind a burst of
// work, with a few of its objects still alive on every page (fragmentation), then goes quiet; prints one JSON
// line: whether `gc` was exposed, and the heap used and committed before and after the reducer's collection.
// Run by idle-heap-reducer.spec.ts, with and without --expose-gc. With the argument `swept`, a plain full
// collection (as V8's own) takes the garbage before the reducer looks: the heap used is back near where it
// started, but the burst's pages stay committed, sparsely used.
import { getHeapStatistics } from 'node:v8';
import { IdleHeapReducer, processHeapProbe, reduceHeapWhenIdle } from '../idle-heap-reducer';

const probe = processHeapProbe();
if (!probe) {
  console.log(JSON.stringify({ exposed: false, started: reduceHeapWhenIdle() }));
  process.exit(0);
}
const gc = (globalThis as { gc?: () => void }).gc as () => void;
// The heap in use before the burst (the runtime and the transpiler): what the burst is measured against.
gc();
const baseline = getHeapStatistics().used_heap_size;
let committedBefore = 0;
const reducer = new IdleHeapReducer(
  {
    ...probe,
    collect: () => {
      committedBefore = getHeapStatistics().total_heap_size;
      probe.collect();
    },
  },
  { checkEveryMs: 100, quietUtilisation: 0.05, quietChecks: 2, growthBytes: 8 * 1024 * 1024 },
  (before, after) => {
    const committedAfter = getHeapStatistics().total_heap_size;
    console.log(JSON.stringify({ exposed: true, baseline, before, after, committedBefore, committedAfter }));
    process.exit(0);
  },
);
// Objects kept while later ones are allocated outlive the young generation and are promoted, then dropped,
// all but one in 40.
const survivors: unknown[] = [];
let kept: unknown[][] = [];
for (let round = 0; round < 150; round += 1) {
  const objects = Array.from({ length: 20_000 }, (_, i) => ({ round, i }));
  for (let i = 0; i < objects.length; i += 40) survivors.push(objects[i]);
  kept.push(objects);
  if (kept.length > 8) kept = kept.slice(-8);
}
kept = [];
if (process.argv.includes('swept')) gc();
setInterval(() => reducer.check(), 100);
setTimeout(() => {
  console.log(JSON.stringify({ exposed: true, collected: false, survivors: survivors.length }));
  process.exit(1);
}, 20_000);
