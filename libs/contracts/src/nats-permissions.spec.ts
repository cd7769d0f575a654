import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DURABLE_CONSUMERS, natsPermissions, renderNatsAuthorization } from './nats-permissions';
import { SERVICES } from './services';

const DEPLOY_NATS = resolve(__dirname, '../../../deploy/nats');

describe('the NATS permission table', () => {
  const table = natsPermissions();
  const of = (user: string) => table.find((entry) => entry.user === user) ?? { publish: [], subscribe: [] };

  it('is what deploy/nats/authorization.conf says (regenerate: node tools/run-ts.js deploy/nats/write-authorization.ts)', () => {
    expect(readFileSync(`${DEPLOY_NATS}/authorization.conf`, 'utf8')).toBe(renderNatsAuthorization());
    // Its copy for Kubernetes (deploy/k8s/base/nats, written by the same script).
    expect(readFileSync(`${DEPLOY_NATS}/../k8s/base/nats/authorization.conf`, 'utf8')).toBe(renderNatsAuthorization());
    expect(readFileSync(`${DEPLOY_NATS}/nats-server.conf`, 'utf8')).toMatch(/^include \.\/authorization\.conf$/m);
  });

  it("lets only the gateway publish on the services' request subjects", () => {
    for (const service of SERVICES) {
      const askers = table.filter((entry) =>
        entry.publish.some((s) => s === `${service}.>` || s.startsWith(`${service}.`)),
      );
      expect(askers.map((entry) => entry.user)).toEqual(['gateway']);
      expect(of(service).subscribe).toEqual([`${service}.>`, `_INBOX.${service}.>`]);
    }
    expect(of('gateway').subscribe).toEqual(['_INBOX.gateway.>']);
  });

  it('lets each service publish events on its own stream only, and no one subscribe to any wildcard of all', () => {
    for (const entry of table) {
      const events = entry.publish.filter((subject) => subject.startsWith('duban.'));
      expect(events).toEqual(entry.user === 'gateway' ? [] : [`duban.${entry.user}.>`]);
      for (const subject of [...entry.publish, ...entry.subscribe])
        expect(subject).not.toMatch(/^(>|\*|\$JS\.API\.>|_INBOX\.>)$/);
    }
  });

  it('names each durable after the service that holds it, once', () => {
    const names = DURABLE_CONSUMERS.map((entry) => entry.durable);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of DURABLE_CONSUMERS) expect(entry.durable.startsWith(`${entry.consumer}-`)).toBe(true);
  });
});
