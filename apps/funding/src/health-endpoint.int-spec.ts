import type { INestMicroservice } from '@nestjs/common';
import { freePort, startServiceSandbox, type ServiceSandbox } from '@duban/testing';
import { startFunding } from './__fixtures__/funding-sandbox';

/**
 * The probe port a service opens for an orchestrator (DUBAN_HEALTH_PORT, deploy/k8s): `/live` while the
 * process answers, `/ready` with the service's health answer while NATS and its database are reachable.
 */
describe('a service probe port (DUBAN_HEALTH_PORT)', () => {
  let sandbox: ServiceSandbox<INestMicroservice>;
  let base: string;
  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    sandbox = await startServiceSandbox({
      service: 'funding',
      label: 'probes',
      demo: false,
      env: { DUBAN_HEALTH_PORT: String(port) },
      start: startFunding,
    });
  });
  afterAll(() => sandbox.close());

  it('answers /live and /ready with the service health, and 404 elsewhere', async () => {
    const live = await fetch(`${base}/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'up' });
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ service: 'funding', status: 'up', checks: { database: 'up', nats: 'up' } });
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
  });
});
