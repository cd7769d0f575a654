// Writes deploy/nats/authorization.conf (and its copy deploy/k8s/base/nats/authorization.conf) from the permission table in libs/contracts (nats-permissions.ts).
// Usage: node tools/run-ts.js deploy/nats/write-authorization.ts   (a contracts test fails when it is stale)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderNatsAuthorization } from '@duban/contracts';

// The same file for compose (beside this script) and for Kubernetes (kustomize reads only files under its base).
for (const target of [join(__dirname, 'authorization.conf'), join(__dirname, '../k8s/base/nats/authorization.conf')]) {
  writeFileSync(target, renderNatsAuthorization());
  process.stdout.write(`wrote ${target}\n`);
}
