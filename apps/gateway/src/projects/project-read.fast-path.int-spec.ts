import { randomUUID } from 'node:crypto';
import { GetProjectRpc, ListMilestonesRpc, UpdateProjectRpc, type ProjectView } from '@duban/contracts';
import { AccessLog, Clock } from '@duban/platform';
import { AuditTrailRepository } from '../audit/audit-trail.repository';
import { startGatewaySandbox, type GatewaySandbox } from '../core/__fixtures__/gateway-sandbox';
import { linxianProject } from '../core/__fixtures__/project-fixture';
import { ProjectDetails } from './project-details';

const PROJECT = '0190a3c4-0000-7000-8000-0000000000a7';
const OTHER = '0190a3c4-0000-7000-8000-0000000000a8';
const project: ProjectView = linxianProject(PROJECT);
const SUBJECTS = [GetProjectRpc.subject, ListMilestonesRpc.subject, UpdateProjectRpc.subject];

/**
 * `GET /api/projects/:id` answered before Nest's route when memory answers it (project-read.fast-path.ts):
 * the same answer as the route's, and everything memory cannot answer at once left to the route, which
 * answers and audits it as it always has. Which of the two answered shows in ProjectDetails.json: only the
 * route calls it (the fast path asks keptJson alone).
 */
describe('the project read fast path (gateway, projects service stubbed)', () => {
  let sandbox: GatewaySandbox;
  let routeReads: jest.SpyInstance;

  beforeAll(async () => {
    sandbox = await startGatewaySandbox('gwfastread', SUBJECTS);
    sandbox.answer(GetProjectRpc.subject, { ok: true, data: project });
    sandbox.answer(ListMilestonesRpc.subject, { ok: true, data: [] });
    routeReads = jest.spyOn(sandbox.app.get(ProjectDetails), 'json');
  });

  afterAll(async () => {
    routeReads?.mockRestore();
    await sandbox?.close();
  });

  const asked = () => sandbox.received.get(GetProjectRpc.subject)?.length ?? 0;
  const inject = (url: string, headers: Record<string, string>) =>
    sandbox.app.inject({ method: 'GET', url, headers, remoteAddress: '127.0.0.1' });
  const bearer = async (username: string) => ({ authorization: `Bearer ${await sandbox.tokenFor(username)}` });
  const audit = (correlationId: string) =>
    sandbox.app.get(AuditTrailRepository).find({ correlationId, limit: 10 });
  /** A fresh login of `username` (a write: it forgets every kept project, as any write does). */
  const freshToken = async (username: string): Promise<string> => {
    const response = await sandbox.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: 'duban-demo' },
      remoteAddress: `198.51.100.${Math.floor(Math.random() * 200) + 1}`,
    });
    return (response.json() as { accessToken: string }).accessToken;
  };

  it("answers a kept project exactly as Nest's route does (status, bytes, every header), without the route", async () => {
    const headers = { ...(await bearer('linxian')), 'x-correlation-id': `it-${randomUUID()}` };
    const accessLines = jest.spyOn(sandbox.app.get(AccessLog), 'write');
    try {
      const before = routeReads.mock.calls.length;
      const byRoute = await inject(`/api/projects/${PROJECT}`, headers);
      expect(routeReads.mock.calls.length).toBe(before + 1);
      const askedBefore = asked();
      const fast = await inject(`/api/projects/${PROJECT}`, headers);
      expect(routeReads.mock.calls.length).toBe(before + 1); // the route did not run
      expect(asked()).toBe(askedBefore); // nor was the service asked

      expect(fast.statusCode).toBe(200);
      expect(fast.statusCode).toBe(byRoute.statusCode);
      expect(fast.rawPayload.equals(byRoute.rawPayload)).toBe(true);
      expect(fast.json()).toEqual(project);
      const { date: _a, ...fastHeaders } = fast.headers;
      const { date: _b, ...routeHeaders } = byRoute.headers;
      expect(fastHeaders).toEqual(routeHeaders);
      expect(fastHeaders).toMatchObject({
        'content-type': 'application/json; charset=utf-8',
        'x-correlation-id': headers['x-correlation-id'],
        'x-content-type-options': 'nosniff',
      });
      // One access line each, with the caller's correlation id (when the log is on: DUBAN_TEST_LOG_LEVEL=info).
      if (sandbox.app.get(AccessLog).enabled) {
        const lines = accessLines.mock.calls.map(([line]) => line).filter((line) => line.url === `/api/projects/${PROJECT}`);
        expect(lines).toEqual([
          expect.objectContaining({ statusCode: 200, correlationId: headers['x-correlation-id'] }),
          expect.objectContaining({ statusCode: 200, correlationId: headers['x-correlation-id'] }),
        ]);
      }
    } finally {
      accessLines.mockRestore();
    }
  });

  it('leaves a caller outside the project\'s region to the route: the service answers (and audits) its 404', async () => {
    await inject(`/api/projects/${PROJECT}`, await bearer('linxian')); // kept
    sandbox.answer(GetProjectRpc.subject, { ok: false, error: { code: 'not_found', message: '项目不存在' } });
    try {
      const before = routeReads.mock.calls.length;
      const askedBefore = asked();
      const answer = await inject(`/api/projects/${PROJECT}`, await bearer('lishi'));
      expect(answer.statusCode).toBe(404);
      expect(String(answer.headers['content-type'])).toMatch(/problem\+json/);
      expect(routeReads.mock.calls.length).toBe(before + 1);
      expect(asked()).toBe(askedBefore + 1);
      expect(sandbox.received.get(GetProjectRpc.subject)?.at(-1)).toMatchObject({
        actor: { username: 'lishi' },
        projectId: PROJECT,
      });
    } finally {
      sandbox.answer(GetProjectRpc.subject, { ok: true, data: project });
    }
  });

  it('refuses an unknown, a revoked and an expired token as the route does: 401, audited', async () => {
    const revoked = await freshToken('linxian');
    expect((await inject(`/api/projects/${PROJECT}`, { authorization: `Bearer ${revoked}` })).statusCode).toBe(200);
    const logout = await sandbox.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { authorization: `Bearer ${revoked}` },
    });
    expect(logout.statusCode).toBe(204);
    // The project kept again, by another of the same person's tokens, and served by the fast path to it.
    const other = { authorization: `Bearer ${await freshToken('linxian')}` };
    await inject(`/api/projects/${PROJECT}`, other);
    const before = routeReads.mock.calls.length;
    expect((await inject(`/api/projects/${PROJECT}`, other)).statusCode).toBe(200);
    expect(routeReads.mock.calls.length).toBe(before);

    const refusals: [string, string, string][] = [
      ['unknown', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl', ''],
      ['revoked', `Bearer ${revoked}`, 'token revoked (logged out)'],
    ];
    for (const [, authorization, detail] of refusals) {
      const correlationId = `it-${randomUUID()}`;
      const answer = await inject(`/api/projects/${PROJECT}`, { authorization, 'x-correlation-id': correlationId });
      expect(answer.statusCode).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="duban"');
      const rows = await audit(correlationId);
      expect(rows).toEqual([expect.objectContaining({ action: 'auth.authenticate', outcome: 'denied' })]);
      if (detail) expect(rows[0]?.detail).toBe(detail);
    }

    // Expired: the token's lifetime (8 h) past. Nothing kept is served then either (its entry is older too).
    const clock = sandbox.app.get(Clock);
    const later = new Date(clock.now().getTime() + 9 * 3_600_000);
    const now = jest.spyOn(clock, 'now').mockReturnValue(later);
    try {
      const correlationId = `it-${randomUUID()}`;
      const answer = await inject(`/api/projects/${PROJECT}`, { ...other, 'x-correlation-id': correlationId });
      expect(answer.statusCode).toBe(401);
      expect(await audit(correlationId)).toEqual([
        expect.objectContaining({ action: 'auth.authenticate', outcome: 'denied', detail: 'expired' }),
      ]);
    } finally {
      now.mockRestore();
    }
  });

  it('reads a write: after a PATCH the next read asks the service and answers the new state', async () => {
    const headers = await bearer('linxian');
    await inject(`/api/projects/${PROJECT}`, headers);
    await inject(`/api/projects/${PROJECT}`, headers);
    const changed = { ...project, actualAreaM2: 160, version: 2 };
    sandbox.answer(UpdateProjectRpc.subject, { ok: true, data: changed });
    sandbox.answer(GetProjectRpc.subject, { ok: true, data: changed });
    try {
      const patch = await sandbox.call('PATCH', `/api/projects/${PROJECT}`, { actualAreaM2: 160, version: 1 }, 'linxian');
      expect(patch.status).toBe(200);
      const askedBefore = asked();
      const read = await inject(`/api/projects/${PROJECT}`, headers);
      expect(asked()).toBe(askedBefore + 1);
      expect(read.json()).toMatchObject({ actualAreaM2: 160, version: 2 });
    } finally {
      sandbox.answer(GetProjectRpc.subject, { ok: true, data: project });
    }
  });

  it('leaves a project not kept to the route, which asks the service', async () => {
    sandbox.answer(GetProjectRpc.subject, { ok: true, data: linxianProject(OTHER) });
    try {
      const before = routeReads.mock.calls.length;
      const askedBefore = asked();
      const answer = await inject(`/api/projects/${OTHER}`, await bearer('linxian'));
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toMatchObject({ id: OTHER });
      expect(routeReads.mock.calls.length).toBe(before + 1);
      expect(asked()).toBe(askedBefore + 1);
    } finally {
      sandbox.answer(GetProjectRpc.subject, { ok: true, data: project });
    }
  });
});
