#!/usr/bin/env node
// First run without demo data (README "First run"): each sub-command runs in the service that owns the data,
// through that service's own code (its migrations, repositories and audit trail), never another's schema.
//   npm run setup -- admin --username NAME --password SECRET [--name 显示名] [--province 140000] [--force]
//   npm run setup -- regions --province 14 [--national-list]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entries = {
  admin: 'apps/gateway/src/setup-admin.ts',
  regions: 'apps/projects/src/setup-regions.ts',
};
const [command, ...args] = process.argv.slice(2);
const entry = entries[command];
if (!entry) {
  console.error(`usage: npm run setup -- <${Object.keys(entries).join('|')}> [options]`);
  process.exit(64);
}
const run = spawnSync(process.execPath, [join(root, 'tools', 'run-ts.js'), join(root, entry), ...args], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(run.status ?? 1);
