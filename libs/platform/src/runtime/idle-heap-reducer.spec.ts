import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { IdleHeapReducer, type HeapProbe, type IdleHeapPolicy } from './idle-heap-reducer';

const MB = 1024 * 1024;
const POLICY: IdleHeapPolicy = { checkEveryMs: 1_000, quietUtilisation: 0.05, quietChecks: 2, growthBytes: 32 * MB };

/** A process whose busy share and heap the test sets; a collection leaves `live` bytes. */
class FakeProcess implements HeapProbe {
  busy = 0;
  used = 40 * MB;
  live = 40 * MB;
  collections = 0;

  utilisation(): number {
    return this.busy;
  }
  usedHeapBytes(): number {
    return this.used;
  }
  collect(): void {
    this.collections += 1;
    this.used = this.live;
  }
}

describe('IdleHeapReducer', () => {
  it('collects once when a process whose heap grew goes quiet for the policy’s checks, and reports the drop', () => {
    const app = new FakeProcess();
    const reported: [number, number][] = [];
    const reducer = new IdleHeapReducer(app, POLICY, (before, after) => reported.push([before, after]));
    app.busy = 0.9;
    app.used = 136 * MB;
    expect(reducer.check()).toBe(false);
    app.busy = 0.01;
    expect(reducer.check()).toBe(false);
    expect(reducer.check()).toBe(true);
    expect(app.collections).toBe(1);
    expect(reported).toEqual([[136 * MB, 40 * MB]]);
    // Still quiet, heap as the collection left it: nothing more to do.
    for (let i = 0; i < 5; i += 1) expect(reducer.check()).toBe(false);
    expect(app.collections).toBe(1);
  });

  it('never collects while the process is busy, however large its heap', () => {
    const app = new FakeProcess();
    const reducer = new IdleHeapReducer(app, POLICY);
    app.busy = 0.3;
    app.used = 400 * MB;
    for (let i = 0; i < 10; i += 1) reducer.check();
    expect(app.collections).toBe(0);
  });

  it('counts quiet checks in a row: a busy check between two quiet ones starts the count again', () => {
    const app = new FakeProcess();
    const reducer = new IdleHeapReducer(app, POLICY);
    app.used = 120 * MB;
    for (const busy of [0.01, 0.5, 0.01]) {
      app.busy = busy;
      reducer.check();
    }
    expect(app.collections).toBe(0);
    reducer.check();
    expect(app.collections).toBe(1);
  });

  it('leaves a quiet heap alone until it has grown by the policy’s growth since the smallest heap seen', () => {
    const app = new FakeProcess();
    const reducer = new IdleHeapReducer(app, POLICY);
    app.used = 70 * MB;
    for (let i = 0; i < 4; i += 1) reducer.check();
    expect(app.collections).toBe(0);
    // V8 collected on its own (the heap fell to 30 MB): growth now counts from there.
    app.used = 30 * MB;
    reducer.check();
    app.used = 63 * MB;
    reducer.check();
    expect(app.collections).toBe(1);
  });

  it('after a collection, counts growth from what the collection left (a larger live set is not garbage)', () => {
    const app = new FakeProcess();
    const reducer = new IdleHeapReducer(app, POLICY);
    app.live = 90 * MB;
    app.used = 130 * MB;
    reducer.check();
    reducer.check();
    expect(app.collections).toBe(1);
    app.used = 110 * MB;
    for (let i = 0; i < 4; i += 1) reducer.check();
    expect(app.collections).toBe(1);
    app.used = 125 * MB;
    reducer.check();
    reducer.check();
    expect(app.collections).toBe(2);
  });
});

describe('IdleHeapReducer in a real process', () => {
  const root = join(__dirname, '..', '..', '..', '..');
  /** The child's one JSON line (see __fixtures__/idle-heap-child.ts). */
  async function runChild(nodeFlags: string[]): Promise<Record<string, unknown>> {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...nodeFlags, join(root, 'tools/run-ts.js'), join(__dirname, '__fixtures__/idle-heap-child.ts')],
      { cwd: root, timeout: 30_000 },
    );
    return JSON.parse(stdout.trim()) as Record<string, unknown>;
  }

  it('hands the garbage of a burst back once the process is quiet, with gc exposed as production starts apps', async () => {
    const seen = (await runChild(['--expose-gc', '--max-semi-space-size=2'])) as Record<string, number>;
    expect(Object.keys(seen).sort()).toEqual(['after', 'before', 'committedAfter', 'committedBefore', 'exposed']);
    // The burst left tens of MB of promoted garbage; the collection keeps less than half of the heap used…
    expect(seen.before).toBeGreaterThan(8 * MB);
    expect(seen.after).toBeLessThan(seen.before / 2);
    // …and hands back the pages it emptied, though a survivor was left on each (compacted, not just swept).
    expect(seen.committedAfter).toBeLessThan(seen.committedBefore / 2);
  });

  it('is not started where gc is not exposed (development, tests)', async () => {
    expect(await runChild([])).toEqual({ exposed: false, started: false });
  });
});
