import {
  AuditVerifyRpc,
  DeadLetterReplayRpc,
  DeadLettersListRpc,
  type DeadLetter,
  type ServiceName,
} from '@duban/contracts';
import { startGatewaySandbox, type GatewaySandbox } from '../core/__fixtures__/gateway-sandbox';

const deadLetter = (service: ServiceName, id: string, createdAt: string): DeadLetter => ({
  service,
  id,
  consumer: `${service}-projects`,
  eventId: '0190a3c4-0000-7000-8000-000000000001',
  eventType: 'duban.projects.milestone.completed.v1',
  subject: 'duban.projects.milestone.completed.v1',
  reason: 'failed 8 deliveries: boom',
  deliveries: 8,
  createdAt,
  replayed: false,
  replayedAt: null,
  replayedBy: null,
  replayedByName: null,
});

const chain = (service: string) => ({
  service,
  ok: true,
  checked: 3,
  brokenAt: null,
  problem: null,
  message: '审计链完整',
  lastHash: 'ab'.repeat(32),
});

/**
 * The province's operations desk through the gateway: funding and notifications answer (stand-ins on NATS),
 * projects and evaluation are down, so their absence must be named, not hide the others.
 */
describe('dead letters and audit checks across the services (gateway, services stubbed)', () => {
  let sandbox: GatewaySandbox;

  beforeAll(async () => {
    sandbox = await startGatewaySandbox('gwoperations', [
      DeadLettersListRpc.funding.subject,
      DeadLettersListRpc.notifications.subject,
      DeadLetterReplayRpc.funding.subject,
      AuditVerifyRpc.funding.subject,
      AuditVerifyRpc.notifications.subject,
    ]);
    sandbox.answer(DeadLettersListRpc.funding.subject, {
      ok: true,
      data: { items: [deadLetter('funding', '4', '2026-12-01T01:00:00.000Z')] },
    });
    sandbox.answer(DeadLettersListRpc.notifications.subject, {
      ok: true,
      data: { items: [deadLetter('notifications', '9', '2026-12-02T01:00:00.000Z')] },
    });
    sandbox.answer(AuditVerifyRpc.funding.subject, { ok: true, data: chain('funding') });
    sandbox.answer(AuditVerifyRpc.notifications.subject, { ok: true, data: chain('notifications') });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('lists every answering service’s dead letters newest first, and names the services that did not answer', async () => {
    const answer = await sandbox.call('GET', '/api/dead-letters?replayed=false', undefined, 'province');
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((item: DeadLetter) => [item.service, item.id])).toEqual([
      ['notifications', '9'],
      ['funding', '4'],
    ]);
    expect(answer.body.unavailable.sort()).toEqual(['evaluation', 'projects']);
    expect(sandbox.received.get(DeadLettersListRpc.funding.subject)?.[0]).toMatchObject({ replayed: false });
  });

  it('lets only the province admin near them (403), and refuses a bad service or id (400) asking no service', async () => {
    expect((await sandbox.call('GET', '/api/dead-letters', undefined, 'lvliang')).status).toBe(403);
    const before = sandbox.received.get(DeadLetterReplayRpc.funding.subject)?.length ?? 0;
    const badService = await sandbox.call('POST', '/api/dead-letters/payroll/4/replay', {}, 'province');
    expect(badService.status).toBe(400);
    expect(badService.body.errors.map((error: { field: string }) => error.field)).toEqual(['service']);
    const badId = await sandbox.call('POST', '/api/dead-letters/funding/0x4/replay', {}, 'province');
    expect(badId.body.errors.map((error: { field: string }) => error.field)).toEqual(['id']);
    expect(sandbox.received.get(DeadLetterReplayRpc.funding.subject)?.length ?? 0).toBe(before);
  });

  it('replays one through the service that holds it; a conflict comes back as 409 with its reason', async () => {
    sandbox.answer(DeadLetterReplayRpc.funding.subject, {
      ok: true,
      data: {
        ...deadLetter('funding', '4', '2026-12-01T01:00:00.000Z'),
        replayed: true,
        replayedBy: 'province',
        replayedByName: '省人社厅',
      },
    });
    const replayed = await sandbox.call('POST', '/api/dead-letters/funding/4/replay', {}, 'province');
    expect(replayed).toMatchObject({
      status: 200,
      body: { id: '4', replayed: true, replayedBy: 'province', replayedByName: '省人社厅' },
    });
    expect(sandbox.received.get(DeadLetterReplayRpc.funding.subject)?.at(-1)).toMatchObject({ id: '4' });

    sandbox.answer(DeadLetterReplayRpc.funding.subject, {
      ok: false,
      error: { code: 'conflict', message: '该死信已被重放，不能再次重放' },
    });
    expect(await sandbox.call('POST', '/api/dead-letters/funding/4/replay', {}, 'province')).toMatchObject({
      status: 409,
      body: { detail: '该死信已被重放，不能再次重放' },
    });
  });

  it('checks the gateway’s own audit chain and every answering service’s; not ok while a service is unheard', async () => {
    const answer = await sandbox.call('GET', '/api/audit/verify', undefined, 'province');
    expect(answer.status).toBe(200);
    expect(answer.body.chains.map((item: { service: string; ok: boolean }) => [item.service, item.ok])).toEqual([
      ['gateway', true],
      ['funding', true],
      ['notifications', true],
    ]);
    expect(answer.body.unavailable.sort()).toEqual(['evaluation', 'projects']);
    expect(answer.body.ok).toBe(false);
    expect((await sandbox.call('GET', '/api/audit/verify', undefined, 'linxian')).status).toBe(403);
  });
});
