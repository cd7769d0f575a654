import {
  AcceptMonthlyReportRpc,
  ListMonthlyReportsRpc,
  ResubmitMonthlyReportRpc,
  ReturnMonthlyReportRpc,
  SubmitMonthlyReportRpc,
  type MonthlyReport,
} from '@duban/contracts';
import { demoActors } from '@duban/testing';
import { sentAs, startGatewaySandbox, type GatewaySandbox } from '../core/__fixtures__/gateway-sandbox';

const PROJECT = '0190a3c4-0000-7000-8000-000000000001';
const REPORT = '0190a3c4-0000-7000-8000-000000000002';

const report: MonthlyReport = {
  id: REPORT,
  projectId: PROJECT,
  programmeId: '0190a3c4-0000-7000-8000-000000000003',
  regionCode: '141124',
  month: '2023-10',
  constructionType: 'renovation',
  progress: 'built',
  actualAreaM2: 160,
  address: '临县临泉镇',
  workContent: '零工市场投入运行',
  difficulties: '',
  suggestions: '',
  gigJobsOffered: 42,
  gigWorkerVisits: 310,
  placements: 57,
  status: 'submitted',
  late: false,
  dueAt: '2023-10-25T16:00:00.000Z',
  submittedAt: '2023-10-20T02:00:00.000Z',
  submittedBy: 'linxian',
  reviewComment: null,
  reviewedAt: null,
  reviewedBy: null,
  history: [],
  version: 1,
};

const body = {
  month: '2023-10',
  constructionType: 'renovation',
  progress: 'built',
  actualAreaM2: 160,
  address: '临县临泉镇',
  workContent: '零工市场投入运行',
  gigJobsOffered: 42,
  gigWorkerVisits: 310,
  placements: 57,
};

const SUBJECTS = [
  SubmitMonthlyReportRpc,
  ResubmitMonthlyReportRpc,
  ReturnMonthlyReportRpc,
  AcceptMonthlyReportRpc,
  ListMonthlyReportsRpc,
].map((rpc) => rpc.subject);

describe('monthly report routes (gateway, projects service stubbed)', () => {
  let sandbox: GatewaySandbox;

  beforeAll(async () => {
    sandbox = await startGatewaySandbox('gwreports', SUBJECTS);
    for (const subject of SUBJECTS) sandbox.answer(subject, { ok: true, data: report });
    sandbox.answer(ListMonthlyReportsRpc.subject, { ok: true, data: { items: [report] } });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, username = 'linxian') =>
    sandbox.call(method, url, payload, username);
  const sent = (subject: string) => sandbox.received.get(subject)?.length ?? 0;

  it('passes a valid report to the projects service with the caller, and answers 201', async () => {
    const answer = await call('POST', `/api/projects/${PROJECT}/reports`, body);
    expect(answer).toMatchObject({ status: 201, body: { id: REPORT, status: 'submitted' } });
    const [request] = sandbox.received.get(SubmitMonthlyReportRpc.subject) as Record<string, unknown>[];
    expect(request).toMatchObject({
      projectId: PROJECT,
      ...body,
      actor: sentAs(demoActors.linxian),
    });
  });

  it.each([
    ['a malformed project id', '/api/projects/not-a-uuid/reports', body, 'id'],
    ['a negative count', `/api/projects/${PROJECT}/reports`, { ...body, placements: -3 }, 'placements'],
    ['a non-integer area', `/api/projects/${PROJECT}/reports`, { ...body, actualAreaM2: 150.5 }, 'actualAreaM2'],
    ['an unknown progress', `/api/projects/${PROJECT}/reports`, { ...body, progress: 'done' }, 'progress'],
    [
      'an unknown construction type',
      `/api/projects/${PROJECT}/reports`,
      { ...body, constructionType: '扩建' },
      'constructionType',
    ],
    ['a missing work content', `/api/projects/${PROJECT}/reports`, { ...body, workContent: undefined }, 'workContent'],
    ['a huge address', `/api/projects/${PROJECT}/reports`, { ...body, address: '路'.repeat(501) }, 'address'],
    ['a bad month', `/api/projects/${PROJECT}/reports`, { ...body, month: '2023-1' }, 'month'],
  ])('answers 400 problem+json naming the field for %s, and asks no service', async (_label, url, payload, field) => {
    const before = sent(SubmitMonthlyReportRpc.subject);
    const answer = await call('POST', url, payload);
    expect(answer.status).toBe(400);
    expect(answer.type).toContain('application/problem+json');
    expect(answer.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(sent(SubmitMonthlyReportRpc.subject)).toBe(before);
  });

  it('needs a comment to return a report, and takes an accept with no body', async () => {
    const refused = await call('POST', `/api/reports/${REPORT}/return`, {}, 'lvliang');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'comment' })]);
    expect(sent(ReturnMonthlyReportRpc.subject)).toBe(0);

    expect(
      (await call('POST', `/api/reports/${REPORT}/return`, { comment: '请补充招聘会场次' }, 'lvliang')).status,
    ).toBe(200);
    expect(sandbox.received.get(ReturnMonthlyReportRpc.subject)?.[0]).toMatchObject({
      reportId: REPORT,
      comment: '请补充招聘会场次',
    });

    expect((await call('POST', `/api/reports/${REPORT}/accept`, undefined, 'lvliang')).status).toBe(200);
    const [accept] = sandbox.received.get(AcceptMonthlyReportRpc.subject) as Record<string, unknown>[];
    expect(accept).toMatchObject({ reportId: REPORT, actor: { username: 'lvliang', role: 'city_officer' } });
    expect(accept).not.toHaveProperty('comment');
  });

  it('resubmits with PUT, refusing a month in the body (the month of a report never changes)', async () => {
    const { month: _month, ...fields } = body;
    expect((await call('PUT', `/api/reports/${REPORT}`, fields)).status).toBe(200);
    const refused = await call('PUT', `/api/reports/${REPORT}`, body);
    expect(refused.status).toBe(400);
    expect(sent(ResubmitMonthlyReportRpc.subject)).toBe(1);
  });

  it('lists a project’s reports as {items}', async () => {
    const answer = await call('GET', `/api/projects/${PROJECT}/reports`, undefined, 'zhangzhenyu');
    expect(answer).toMatchObject({ status: 200, body: { items: [{ id: REPORT }] } });
  });

  it.each([
    ['conflict', 409, '该月报已审核通过，不能再修改、退回或重新报送'],
    ['forbidden', 403, '县级专班无权审核月报（月报由市局审核）'],
    ['not_found', 404, '月报不存在'],
  ])('maps the service’s %s to %i problem+json with its Chinese reason', async (code, status, message) => {
    sandbox.answer(AcceptMonthlyReportRpc.subject, { ok: false, error: { code, message } });
    const answer = await call('POST', `/api/reports/${REPORT}/accept`, {});
    expect(answer).toMatchObject({ status, body: { status, code, detail: message } });
    expect(answer.type).toContain('application/problem+json');
  });

  it('needs a login', async () => {
    const response = await sandbox.app.inject({ method: 'GET', url: `/api/reports/${REPORT}` });
    expect(response.statusCode).toBe(401);
  });

  it('documents the routes in OpenAPI, behind the bearer token', async () => {
    const response = await sandbox.app.inject({ method: 'GET', url: '/api/docs/openapi.json' });
    const document = response.json() as {
      paths: Record<string, Record<string, { tags: string[]; security?: unknown[] }>>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/projects/{id}/reports',
        '/api/reports/{id}',
        '/api/reports/{id}/return',
        '/api/reports/{id}/accept',
        '/api/dashboard',
      ]),
    );
    expect(document.paths['/api/projects/{id}/reports']?.['post']).toMatchObject({
      tags: ['reports'],
      security: [{ bearer: [] }],
    });
  });
});
