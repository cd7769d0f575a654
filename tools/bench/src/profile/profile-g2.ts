/**
 * What one reminder of G2's burst costs: `--count` reminders due at one instant (the engine of G1/G2, in this
 * process, without the floor), `--rounds` times; prints each round's ms and the CPU time per reminder of this
 * process (the notifications service: node) and of Postgres's backends serving the bench's database (the
 * poller's own backend left out), from the instant's arming until every reminder is sent, and the WAL the
 * server wrote meanwhile per reminder (records, full-page images, bytes: the whole server's, so run it alone);
 * `pollerMs` is the poller's backend's CPU meanwhile: what the measurement itself takes from the machine.
 * With `--profile FILE`, V8's CPU profiler runs over the last round's window (it costs CPU of its own): its
 * summary is printed and the profile written to FILE.
 * `node tools/run-ts.js tools/bench/src/profile/profile-g2.ts [--count 20000] [--rounds 2] [--profile FILE]`
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { startReminderEngine } from '../reminder-engine';
import { round } from '../stats';
import { cpuMs, cpuUsedBetween, DatabaseBackends, total, type BackendCpu, type WalWritten } from './process-cpu';
import { summarise } from './summarise-cpu-profile';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '20000' },
      rounds: { type: 'string', default: '2' },
      profile: { type: 'string' },
    },
  });
  const count = Number(values.count);
  const backends = await DatabaseBackends.connect(
    process.env.DUBAN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/duban',
  );
  const session = new Session();
  session.connect();
  for (let round_ = 1; round_ <= Number(values.rounds); round_ += 1) {
    const engine = await startReminderEngine();
    try {
      let database = '';
      let poller = 0;
      let before = new Map<number, BackendCpu>();
      let node = process.cpuUsage();
      const profiled = values.profile !== undefined && round_ === Number(values.rounds);
      let postgresMs = 0;
      let pollerBefore = 0;
      let pollerMs = 0;
      let nodeMs = 0;
      let walBefore: WalWritten = { records: 0, fullPageImages: 0, bytes: 0 };
      let wal = walBefore;
      const result = await engine.burst(count, {
        floor: false,
        opened: async (name, pid) => {
          database = name;
          poller = pid;
          pollerBefore = cpuMs(pid);
          before = await backends.read(database, poller);
          walBefore = await backends.wal();
          if (profiled) {
            await session.post('Profiler.enable');
            await session.post('Profiler.setSamplingInterval', { interval: 1000 });
            await session.post('Profiler.start');
          }
          node = process.cpuUsage();
        },
        closed: async () => {
          const used = process.cpuUsage(node);
          nodeMs = (used.user + used.system) / 1000;
          pollerMs = cpuMs(poller) - pollerBefore;
          postgresMs = total(cpuUsedBetween(before, await backends.read(database, poller)));
          const walAfter = await backends.wal();
          wal = {
            records: walAfter.records - walBefore.records,
            fullPageImages: walAfter.fullPageImages - walBefore.fullPageImages,
            bytes: walAfter.bytes - walBefore.bytes,
          };
          if (profiled) {
            const { profile } = await session.post('Profiler.stop');
            writeFileSync(values.profile as string, JSON.stringify(profile));
            console.log(summarise(profile as Parameters<typeof summarise>[0], 40));
          }
        },
      });
      console.log(
        JSON.stringify({
          round: round_,
          count,
          delivered: result.delivered,
          engineMs: result.engineMs,
          chunk: engine.config.firing.chunk,
          parallel: engine.config.firing.parallel,
          instantParallel: engine.config.firing.instantParallel,
          pollerMs,
          nodeUsPerReminder: round((nodeMs * 1000) / count, 1),
          postgresUsPerReminder: round((postgresMs * 1000) / count, 1),
          walRecordsPerReminder: round(wal.records / count, 1),
          walFullPagesPerReminder: round(wal.fullPageImages / count, 2),
          walBytesPerReminder: Math.round(wal.bytes / count),
        }),
      );
    } finally {
      await engine.close();
    }
  }
  await backends.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
