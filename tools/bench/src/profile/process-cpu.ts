import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarise } from './summarise-cpu-profile';

/** CPU time of a process in ms (utime + stime, and with `children` its reaped children's; ticks of 10 ms); 0 once gone. */
export function cpuMs(pid: number, children = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const own = Number(fields[11]) + Number(fields[12]);
    return (children ? own + Number(fields[13]) + Number(fields[14]) : own) * 10;
  } catch {
    return 0; // gone
  }
}

/**
 * Prints the summary of the `.cpuprofile` an app wrote into `dir` (cpu-profile-preload.js writes it on SIGWINCH
 * or at exit, named by pid), once it is there (up to 30 s) and finished writing.
 */
export async function printCpuProfile(app: { name: string; pid: number }, dir: string, top: number): Promise<void> {
  const file = join(dir, `${app.pid}.cpuprofile`);
  const deadline = Date.now() + 30_000;
  while (!existsSync(file) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  await new Promise((resolve) => setTimeout(resolve, 500));
  console.log(`\n===== ${app.name} (${file})`);
  console.log(summarise(JSON.parse(readFileSync(file, 'utf8')), top));
}
