#!/usr/bin/env node
// The production build (`npm run build`): every app and library compiled once by tsc into dist/ (CommonJS,
// decorator metadata, no source maps), so production starts compiled JavaScript with nothing transpiled at
// start. Run with `node dist/apps/<app>/src/main.js`. The workspace's `@duban/*` path aliases become tiny
// packages under dist/node_modules that point at the compiled libraries, which Node finds from any file in
// dist/ by its ordinary lookup; the files apps read at run time beside their code are copied next to it.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
const LIBRARIES = ['calendar', 'contracts', 'platform'];
/** Files read beside the code at run time (see `__dirname` in the sources). */
const ASSETS = ['apps/projects/src/demo/data'];

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
for (const library of LIBRARIES) {
  const dir = join(dist, 'node_modules', '@duban', library);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `@duban/${library}`, private: true, main: `../../../libs/${library}/src/index.js` }, null, 2),
  );
}
for (const asset of ASSETS) cpSync(join(root, asset), join(dist, asset), { recursive: true });
console.log(`dist/: ${LIBRARIES.length} libraries, 5 apps (node dist/apps/<app>/src/main.js)`);
