import { Logger } from '@nestjs/common';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';

/** When an idle process hands its garbage back (issue 17, G8). */
export interface IdleHeapPolicy {
  /** How often the process looks at its event loop and heap. */
  readonly checkEveryMs: number;
  /** A check whose event loop was busy less than this share of its interval counts as quiet. */
  readonly quietUtilisation: number;
  /** Quiet checks in a row before collecting: a pause between two requests of a load is not idleness. */
  readonly quietChecks: number;
  /**
   * Growth before a collection is worth its pause: of the heap used above the least seen since the last
   * collection, or of the heap committed above what the last collection left.
   */
  readonly growthBytes: number;
}

export const IDLE_HEAP_POLICY: IdleHeapPolicy = {
  checkEveryMs: 2_000,
  quietUtilisation: 0.05,
  quietChecks: 2,
  growthBytes: 32 * 1024 * 1024,
};

/** What the reducer reads and does; the process's own V8 and event loop outside tests. */
export interface HeapProbe {
  /** Share of the time since the previous call the event loop was busy (0–1). */
  utilisation(): number;
  usedHeapBytes(): number;
  /** The heap's pages held from the system, used or not (V8's `total_heap_size`): what counts in the RSS. */
  committedHeapBytes(): number;
  /** A full, compacting collection (V8's `gc()`, exposed by `--expose-gc`). */
  collect(): void;
}

/**
 * Runs one full garbage collection when a process whose heap has grown goes quiet. Under load, short-lived
 * objects outlive V8's small young generation (2 MiB semi-spaces in production, see deploy/production-env.json)
 * and are promoted to the old generation, whose next collection is due only when it has grown further: a
 * process that stops at that point keeps 100 MB of garbage resident for good, since V8's own memory reducer
 * starts only after a major collection. Measured after 500 completions/s (G4): gateway, projects and
 * notifications idle at 200–225 MB RSS with 115–136 MB of heap "used", of which a full collection leaves
 * about 40. One collection per quiet spell, none while the heap has not grown: an idle process pays nothing.
 *
 * Growth is read two ways, since either leaves memory resident: heap used above the least seen (garbage no
 * collection has taken yet), and heap committed above what this reducer's last collection left (pages V8's own
 * collections swept but kept, sparsely used: a heap whose garbage V8 has already collected, but not compacted,
 * shows no growth in use). A collection compacts, so it hands those pages back; and it resets both
 * marks, so a heap that stays as the collection left it is never collected again.
 */
export class IdleHeapReducer {
  private quiet = 0;
  /** The least heap in use seen since this reducer's last collection: what V8's or its own collections left. */
  private lowMark: number;
  /** The heap committed when this reducer last collected (or started). */
  private committedMark: number;

  constructor(
    private readonly probe: HeapProbe,
    private readonly policy: IdleHeapPolicy = IDLE_HEAP_POLICY,
    private readonly collected: (beforeBytes: number, afterBytes: number) => void = () => undefined,
  ) {
    this.lowMark = probe.usedHeapBytes();
    this.committedMark = probe.committedHeapBytes();
  }

  /** One check (the timer's tick); whether it collected. */
  check(): boolean {
    const busy = this.probe.utilisation();
    const used = this.probe.usedHeapBytes();
    this.lowMark = Math.min(this.lowMark, used);
    this.quiet = busy < this.policy.quietUtilisation ? this.quiet + 1 : 0;
    const grown = Math.max(used - this.lowMark, this.probe.committedHeapBytes() - this.committedMark);
    if (this.quiet < this.policy.quietChecks || grown < this.policy.growthBytes) return false;
    this.probe.collect();
    this.lowMark = this.probe.usedHeapBytes();
    this.committedMark = this.probe.committedHeapBytes();
    this.quiet = 0;
    this.collected(used, this.lowMark);
    return true;
  }
}

/** This process's event loop and V8 heap, when `gc` is exposed (`--expose-gc`); null otherwise. */
export function processHeapProbe(): HeapProbe | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return null;
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  return {
    utilisation: () => {
      const now = performance.eventLoopUtilization();
      const since = performance.eventLoopUtilization(now, last);
      last = now;
      return since.utilization;
    },
    usedHeapBytes: () => getHeapStatistics().used_heap_size,
    committedHeapBytes: () => getHeapStatistics().total_heap_size,
    collect: () => {
      // A forced collection frees the garbage but compacts only V8's usual few pages: the pages a load left
      // sparsely used stay committed (gateway after G4: 48 MB live in 96 MB of old space, RSS 177 MB). This one
      // compacts them all, as V8's own memory-reducing collections do; the flag is read when a full collection
      // picks its pages, and it is set for this synchronous one alone, so collections under load keep V8's
      // heuristics. A fragmented 74 MB heap with 10 MB live: 74 → 16 MB.
      setFlagsFromString('--compact-on-every-full-gc');
      try {
        gc();
      } finally {
        setFlagsFromString('--no-compact-on-every-full-gc');
      }
    },
  };
}

/**
 * Starts the idle heap reducer for this process (each app's start calls it): a timer that keeps no process
 * alive. Does nothing where `gc` is not exposed (development, tests): production starts every app with
 * `--expose-gc` (deploy/production-env.json, deploy/Dockerfile). Whether it started: it runs for the life of the
 * process, so there is nothing to stop.
 */
export function reduceHeapWhenIdle(policy: IdleHeapPolicy = IDLE_HEAP_POLICY): boolean {
  const probe = processHeapProbe();
  if (!probe) return false;
  const logger = new Logger(IdleHeapReducer.name);
  const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);
  const reducer = new IdleHeapReducer(probe, policy, (before, after) =>
    logger.debug(`Idle: heap collected from ${megabytes(before)} to ${megabytes(after)} MB`),
  );
  setInterval(() => reducer.check(), policy.checkEveryMs).unref();
  return true;
}
