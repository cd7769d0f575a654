// Preloaded into an app (`NODE_OPTIONS=--require …/cpu-profile-preload.js`) by `profile-g7.ts`: SIGWINCH starts
// the V8 CPU profiler, the next SIGWINCH stops it and writes `<DUBAN_CPU_PROFILE_DIR>/<app pid>.cpuprofile`.
// SIGWINCH because Nest's shutdown hooks (enableShutdownHooks() with no list) end the app on SIGUSR1/2; a
// signal rather than --cpu-prof because the apps end by re-raising SIGTERM (Nest's shutdown hooks), which
// writes no profile, and because only the loaded window is wanted, not the start.
'use strict';
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const session = new Session();
session.connect();
let profiling = false;
process.on('SIGWINCH', () => {
  if (!profiling) {
    profiling = true;
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 1000 }, () => session.post('Profiler.start')),
    );
    return;
  }
  profiling = false;
  session.post('Profiler.stop', (error, result) => {
    if (error) return console.error(error);
    const dir = process.env.DUBAN_CPU_PROFILE_DIR ?? process.cwd();
    writeFileSync(join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
