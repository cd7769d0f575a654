/**
 * Prints what a `.cpuprofile` (V8's JSON) says: self time by function and by package, inclusive time by
 * function (each function counted once per sample however deep it recurses), and the busy time by the nearest
 * frame of our own code (see `NOT_BUSY`).
 * `node tools/run-ts.js tools/bench/src/profile/summarise-cpu-profile.ts FILE [top]`
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '~/')
    .replace(/^.*\/dist\//, 'dist/');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

/** `~/fastify/…` → fastify; our own dist → dist/<app or lib>; node internals → node:<module>. */
function packageOf(node: ProfileNode): string {
  const url = node.callFrame.url;
  if (!url) return node.callFrame.functionName || '(vm)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules && !url.includes('/dist/node_modules/')) return modules[1] as string;
  const dist = /\/dist\/(?:node_modules\/@duban\/)?((?:apps|libs)\/[^/]+|[^/]+)/.exec(url);
  if (dist) return `dist/${dist[1]}`;
  if (url.startsWith('node:')) return url;
  return url
    .replace(/^.*\/(apps|libs)\//, '$1/')
    .split('/')
    .slice(0, 2)
    .join('/');
}

/**
 * Samples that are not this process working. V8 samples by the clock, so a sample taken while the thread is
 * descheduled lands where it stopped: in a socket write that woke its peer (a Postgres backend, NATS) on this
 * core, most often. In profile-g4's projects, the busy samples left after these matched its CPU time read from
 * /proc (3.30 ms a completion both), while `writev` alone held a fifth of the busy samples: it is where the
 * process waits its turn, not what it spends.
 */
const NOT_BUSY = new Set(['(idle)', '(program)', 'writev', 'writeBuffer', 'dispatch']);

/** Our own code, compiled (dist/apps, dist/libs) or run from its sources. */
const OWN_CODE = /\/(?:dist\/)?(?:apps|libs)\/[^/]+\/src\//;

export function summarise(profile: CpuProfile, top = 30): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const packages = new Map<string, number>();
  /** Busy samples by the nearest frame of our own code; by package when none is on the stack (a callback). */
  const busyByOwnFrame = new Map<string, number>();
  let total = 0;
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const node = byId.get(id) as ProfileNode;
    self.set(frameName(node), (self.get(frameName(node)) ?? 0) + ms);
    packages.set(packageOf(node), (packages.get(packageOf(node)) ?? 0) + ms);
    if (!NOT_BUSY.has(node.callFrame.functionName)) {
      busy += ms;
      let own = `(no frame of ours: ${packageOf(node)})`;
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = byId.get(at) as ProfileNode;
        if (OWN_CODE.test(frame.callFrame.url)) {
          own = frameName(frame);
          break;
        }
      }
      busyByOwnFrame.set(own, (busyByOwnFrame.get(own) ?? 0) + ms);
    }
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = frameName(byId.get(at) as ProfileNode);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  });
  const rows = (map: Map<string, number>, of = total) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `${((100 * ms) / of).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(6)} ms  ${name}`)
      .join('\n');
  return [
    `total ${total.toFixed(0)} ms sampled`,
    '--- self time by package',
    rows(packages),
    '--- self time by function',
    rows(self),
    '--- inclusive time by function',
    rows(inclusive),
    `--- busy time (${busy.toFixed(0)} ms: not idle, not waiting in a socket write) by the nearest frame of ours, % of it`,
    rows(busyByOwnFrame, busy),
  ].join('\n');
}

// Run directly (tools/run-ts.js gives the entry's path as argv[1]); not when imported.
if (process.argv[1] === __filename) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: summarise-cpu-profile.ts FILE [top]');
  console.log(summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(top ?? 30)));
}
