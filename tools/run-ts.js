#!/usr/bin/env node
// Runs a TypeScript entry point through SWC with the workspace's tsconfig (paths, decorator metadata).
// Usage: node tools/run-ts.js apps/projects/src/main.ts [args...]
const path = require('node:path');

process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', 'tsconfig.base.json');
require('@swc-node/register');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node tools/run-ts.js <entry.ts> [args...]');
  process.exit(64);
}
process.argv = [process.argv[0], path.resolve(entry), ...args];
require(path.resolve(entry));
