import { HealthRpc, SERVICES } from '@duban/contracts';
import { startGatewaySandbox, type GatewaySandbox } from '../core/__fixtures__/gateway-sandbox';

/** `/api/health` with the services stubbed: a degraded service keeps the system up (200) but says why. */
describe('GET /api/health (gateway, services stubbed)', () => {
  let sandbox: GatewaySandbox;
  const reason = '2027年节假日安排未加载：1个未完成期限的提醒按周一至周五暂定，加载后自动重新排期';

  beforeAll(async () => {
    sandbox = await startGatewaySandbox(
      'gwhealth',
      SERVICES.map((service) => HealthRpc[service].subject),
    );
    for (const service of SERVICES) {
      sandbox.answer(HealthRpc[service].subject, {
        ok: true,
        data: {
          service,
          status: service === 'notifications' ? 'degraded' : 'up',
          checks: { database: 'up', nats: 'up' },
          ...(service === 'notifications' ? { reasons: [reason] } : {}),
        },
      });
    }
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('answers 200 degraded, naming the service and its reason, with nothing down', async () => {
    const { status, body } = await sandbox.call('GET', '/api/health', undefined, 'province');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'degraded', down: [], reasons: [`notifications: ${reason}`] });
    expect(body.services.notifications).toMatchObject({ status: 'degraded', reasons: [reason] });
    expect(body.services.projects.status).toBe('up');
  });
});
