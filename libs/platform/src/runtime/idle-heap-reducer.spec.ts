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
  committed = 44 * MB;
  live = 40 * MB;
  collections = 0;

  utilisation(): number {
    return this.busy;
  }
  usedHeapBytes(): number {
    return this.used;
  }
  committedHeapBytes(): number {
    return Math.max(this.committed, this.used);
  }
  collect(): void {
    this.collections += 1;
    this.used = this.live;
    this.committed = this.live + 4 * MB;
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

  it('collects a quiet heap whose garbage V8 already took but whose pages it kept, once', () => {
    const app = new FakeProcess();
    const reported: [number, number][] = [];
    const reducer = new IdleHeapReducer(app, POLICY, (before, after) => reported.push([before, after]));
    // A load grew the heap to 150 MB committed; V8's own collection left 45 MB in use on those pages.
    app.used = 45 * MB;
    app.committed = 150 * MB;
    app.live = 45 * MB;
    reducer.check();
    expect(reducer.check()).toBe(true);
    expect(reported).toEqual([[45 * MB, 45 * MB]]);
    expect(app.committedHeapBytes()).toBe(49 * MB);
    // What the collection left is the new mark: staying there is not growth.
    for (let i = 0; i < 5; i += 1) expect(reducer.check()).toBe(false);
    // Pages taken again under a later load (in use or not) count from there.
    app.committed = 70 * MB;
    reducer.check();
    expect(reducer.check()).toBe(false);
    app.committed = 82 * MB;
    expect(reducer.check()).toBe(true);
    expect(app.collections).toBe(2);
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
  async function runChild(nodeFlags: string[], args: string[] = []): Promise<Record<string, unknown>> {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...nodeFlags, join(root, 'tools/run-ts.js'), join(__dirname, '__fixtures__/idle-heap-child.ts'), ...args],
      { cwd: root, timeout: 30_000 },
    );
    return JSON.parse(stdout.trim()) as Record<string, unknown>;
  }

  it('hands the garbage of a burst back once the process is quiet, with gc exposed as production starts apps', async () => {
    const seen = (await runChild(['--expose-gc', '--max-semi-space-size=2'])) as Record<string, number>;
    expect(Object.keys(seen).sort()).toEqual([
      'after',
      'baseline',
      'before',
      'committedAfter',
      'committedBefore',
      'exposed',
    ]);
    // The burst left tens of MB of promoted garbage; the collection keeps less than half of what it added…
    expect(seen.before - seen.baseline).toBeGreaterThan(8 * MB);
    expect(seen.after - seen.baseline).toBeLessThan((seen.before - seen.baseline) / 2);
    // …and hands back the pages it emptied, though a survivor was left on each (compacted, not just swept).
    expect(seen.committedAfter).toBeLessThan(seen.committedBefore / 2);
  });

  it('hands back the pages a burst left when V8 had already collected its garbage without compacting', async () => {
    // The reducer of old, looking at the heap in use alone, never collected here: the child gave up after 20 s.
    const seen = (await runChild(['--expose-gc', '--max-semi-space-size=2'], ['swept'])) as Record<string, number>;
    // Little garbage was left to take: the heap in use barely falls…
    expect(seen.after).toBeGreaterThan(seen.before * 0.9);
    // …but the pages it sat on, sparsely used, are handed back.
    expect(seen.committedAfter).toBeLessThan(seen.committedBefore * 0.8);
  });

  it('is not started where gc is not exposed (development, tests)', async () => {
    expect(await runChild([])).toEqual({ exposed: false, started: false });
  });
});
