// Writes deploy/nats/authorization.conf from the permission table in libs/contracts (nats-permissions.ts).
// Usage: node tools/run-ts.js deploy/nats/write-authorization.ts   (a contracts test fails when it is stale)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderNatsAuthorization } from '@duban/contracts';

const target = join(__dirname, 'authorization.conf');
writeFileSync(target, renderNatsAuthorization());
process.stdout.write(`wrote ${target}\n`);
