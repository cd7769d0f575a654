import {
  AbortEvidenceUploadRpc,
  BeginEvidenceUploadRpc,
  CloseRectificationRpc,
  CreateRectificationRpc,
  EvidenceChunkRpc,
  FinishEvidenceUploadRpc,
  GetEvaluationSettingsRpc,
  GetProjectRpc,
  GetEvidenceRpc,
  GetInspectionRpc,
  GetRubricRpc,
  ListInspectionsRpc,
  OpenInspectionRpc,
  PutEvaluationSettingsRpc,
  PutScoresRpc,
  ReadEvidenceChunkRpc,
  SignInspectionRpc,
  type EvaluationSettingsView,
  type InspectionView,
  type RectificationView,
} from '@duban/contracts';
import { createHash } from 'node:crypto';
import { startGatewaySandbox, type GatewaySandbox } from '../core/__fixtures__/gateway-sandbox';
import { linxianProject } from '../core/__fixtures__/project-fixture';

const PROJECT = '0190a3c4-0000-7000-8000-000000000001';
const INSPECTION = '0190a3c4-0000-7000-8000-000000000002';
const ITEM = '0190a3c4-0000-7000-8000-000000000003';
const PROGRAMME = '0190a3c4-0000-7000-8000-000000000004';
const RUBRIC = '0190a3c4-0000-7000-8000-000000000005';
const RECTIFICATION = '0190a3c4-0000-7000-8000-000000000006';
const EVIDENCE = '0190a3c4-0000-7000-8000-000000000007';
const UPLOAD = '0190a3c4-0000-7000-8000-000000000008';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(3000, 7)]);

const inspection: InspectionView = {
  id: INSPECTION,
  projectId: PROJECT,
  programmeId: PROGRAMME,
  regionCode: '141124',
  regionName: '临县',
  projectName: '临县公益性零工市场',
  rubricId: RUBRIC,
  rubricVersion: 1,
  kind: 'inspection',
  reinspectionOf: null,
  status: 'open',
  date: '2023-10-20',
  inspectors: ['inspector'],
  inspectorNames: ['吕梁市验收组'],
  openedBy: 'lvliang',
  total: 0,
  maxTotal: 100,
  sectionTotals: [],
  scoredCount: 0,
  toScoreCount: 15,
  passThreshold: 60,
  passed: null,
  signatures: { inspector: null, county: null },
  cancellation: null,
  items: [],
  rectifications: [],
  version: 1,
};

const rectification: RectificationView = {
  id: RECTIFICATION,
  inspectionId: INSPECTION,
  itemId: ITEM,
  itemNumber: 6,
  what: '更换牌匾',
  responsibleUsername: 'linxian',
  responsibleName: '刘星',
  dueDate: '2023-11-30',
  dueAt: null,
  reminderPlan: null,
  status: 'open',
  createdBy: 'lvliang',
  createdAt: '2023-10-21T02:00:00.000Z',
  closedAt: null,
  closedBy: null,
  closingNote: null,
};

const settings: EvaluationSettingsView = {
  programmeId: PROGRAMME,
  programmeCode: 'shanxi-gig-markets',
  passThreshold: 60,
  rubricCode: null,
  rubric: { id: RUBRIC, code: 'gig-market-checklist', version: 1, title: '建设暨评价标准清单', total: 100 },
  updatedAt: '2023-10-01T00:00:00.000Z',
};

const evidenceFile = {
  id: EVIDENCE,
  itemId: ITEM,
  filename: '标识.png',
  contentType: 'image/png',
  sizeBytes: PNG.length,
  sha256: createHash('sha256').update(PNG).digest('hex'),
  uploadedBy: 'inspector',
  uploadedAt: '2023-10-20T03:00:00.000Z',
};

const RPCS = [
  GetProjectRpc,
  GetRubricRpc,
  ListInspectionsRpc,
  OpenInspectionRpc,
  GetInspectionRpc,
  PutScoresRpc,
  SignInspectionRpc,
  CreateRectificationRpc,
  CloseRectificationRpc,
  BeginEvidenceUploadRpc,
  EvidenceChunkRpc,
  FinishEvidenceUploadRpc,
  AbortEvidenceUploadRpc,
  GetEvidenceRpc,
  ReadEvidenceChunkRpc,
  GetEvaluationSettingsRpc,
  PutEvaluationSettingsRpc,
];
const SUBJECTS = RPCS.map((rpc) => rpc.subject);

const scores = { scores: [{ itemId: ITEM, score: 4.5, note: '基本符合' }] };
const rectify = {
  itemId: ITEM,
  what: '更换牌匾',
  responsibleUsername: 'linxian',
  responsibleName: '刘星',
  dueAt: '2023-11-30T09:00:00+08:00',
  reminderPlan: ['-P1D', 'PT0S'],
};

function multipart(field: string, filename: string, type: string, data: Buffer): { payload: Buffer; type: string } {
  const boundary = '----duban-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

/**
 * The evaluation routes at the gateway, with the evaluation service stubbed on NATS: bad input is a 400
 * problem+json naming the field and never reaches the service; the service's refusals keep their status.
 */
describe('evaluation routes (gateway, evaluation service stubbed)', () => {
  let sandbox: GatewaySandbox;

  beforeAll(async () => {
    sandbox = await startGatewaySandbox('gweval', SUBJECTS);
    for (const rpc of [OpenInspectionRpc, GetInspectionRpc, PutScoresRpc, SignInspectionRpc]) {
      sandbox.answer(rpc.subject, { ok: true, data: inspection });
    }
    sandbox.answer(ListInspectionsRpc.subject, { ok: true, data: { items: [] } });
    sandbox.answer(GetProjectRpc.subject, { ok: true, data: linxianProject(PROJECT) });
    for (const rpc of [CreateRectificationRpc, CloseRectificationRpc]) {
      sandbox.answer(rpc.subject, { ok: true, data: rectification });
    }
    for (const rpc of [GetEvaluationSettingsRpc, PutEvaluationSettingsRpc]) {
      sandbox.answer(rpc.subject, { ok: true, data: settings });
    }
    sandbox.answer(BeginEvidenceUploadRpc.subject, {
      ok: true,
      data: { uploadId: UPLOAD, maxBytes: 2048, chunkBytes: 1024 },
    });
    sandbox.answer(EvidenceChunkRpc.subject, { ok: true, data: { receivedBytes: 1024 } });
    sandbox.answer(AbortEvidenceUploadRpc.subject, { ok: true, data: { aborted: true } });
    sandbox.answer(GetEvidenceRpc.subject, {
      ok: true,
      data: { ...evidenceFile, inspectionId: INSPECTION, chunkBytes: 1024 * 1024 },
    });
    sandbox.answer(ReadEvidenceChunkRpc.subject, { ok: true, data: { data: PNG.toString('base64') } });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, username = 'inspector') =>
    sandbox.call(method, url, payload, username);
  const sent = (subject: string) => sandbox.received.get(subject)?.length ?? 0;
  const sentTotal = () => SUBJECTS.reduce((sum, subject) => sum + sent(subject), 0);

  it('passes valid input to the service with the caller', async () => {
    const answer = await call('PUT', `/api/inspections/${INSPECTION}/scores`, scores);
    expect(answer).toMatchObject({ status: 200, body: { id: INSPECTION } });
    expect(sandbox.received.get(PutScoresRpc.subject)?.[0]).toMatchObject({
      inspectionId: INSPECTION,
      ...scores,
      actor: { username: 'inspector', role: 'inspector' },
    });
    const rectified = await call('POST', `/api/inspections/${INSPECTION}/rectifications`, rectify, 'lvliang');
    expect(rectified.status).toBe(201);
    expect(sandbox.received.get(CreateRectificationRpc.subject)?.[0]).toMatchObject({ ...rectify });
  });

  it('lists the inspector accounts that may inspect the project’s county, for those who open inspections', async () => {
    const answer = await call('GET', `/api/projects/${PROJECT}/eligible-inspectors`, undefined, 'lvliang');
    expect(answer).toMatchObject({ status: 200, body: [{ username: 'inspector', displayName: '吕梁市验收组' }] });
    expect(answer.body).toHaveLength(1);
    expect(await call('GET', `/api/projects/${PROJECT}/eligible-inspectors`, undefined, 'linxian')).toMatchObject({
      status: 403,
    });
  });

  it('opens an inspection with an eligible inspector, and refuses one who may not inspect the county (400 naming inspectors, nothing opened)', async () => {
    const before = sent(OpenInspectionRpc.subject);
    const opened = await call(
      'POST',
      `/api/projects/${PROJECT}/inspections`,
      { date: '2023-10-20', inspectors: ['Inspector'] },
      'lvliang',
    );
    expect(opened.status).toBe(201);
    // The evaluation service is told each inspector's name, which only the gateway's accounts know.
    expect(sandbox.received.get(OpenInspectionRpc.subject)?.at(-1)).toMatchObject({
      projectId: PROJECT,
      inspectors: ['inspector'],
      inspectorNames: { inspector: '吕梁市验收组' },
    });
    for (const inspectors of [['taiyuan'], ['inspector', 'no-such-user']]) {
      const refused = await call(
        'POST',
        `/api/projects/${PROJECT}/inspections`,
        { date: '2023-10-20', inspectors },
        'lvliang',
      );
      expect(refused).toMatchObject({
        status: 400,
        body: { errors: [{ field: 'inspectors', message: expect.stringContaining('不是可检查该县的验收组账号') }] },
      });
    }
    expect(sent(OpenInspectionRpc.subject)).toBe(before + 1);
  });

  it.each([
    ['a non-UUID inspection id', 'PUT', '/api/inspections/not-a-uuid/scores', scores, 'id'],
    ['a non-UUID project id', 'GET', '/api/projects/123/inspections', undefined, 'id'],
    ['a non-UUID rubric id', 'GET', '/api/rubrics/latest', undefined, 'id'],
    ['a non-UUID evidence id', 'GET', '/api/evidence/x', undefined, 'id'],
    [
      'a non-UUID item id',
      'PUT',
      `/api/inspections/${INSPECTION}/scores`,
      { scores: [{ itemId: '6', score: 1 }] },
      'scores.0.itemId',
    ],
    [
      'a score as text',
      'PUT',
      `/api/inspections/${INSPECTION}/scores`,
      { scores: [{ itemId: ITEM, score: '5' }] },
      'scores.0.score',
    ],
    [
      'a quarter point',
      'PUT',
      `/api/inspections/${INSPECTION}/scores`,
      { scores: [{ itemId: ITEM, score: 4.25 }] },
      'scores.0.score',
    ],
    [
      'a negative score',
      'PUT',
      `/api/inspections/${INSPECTION}/scores`,
      { scores: [{ itemId: ITEM, score: -1 }] },
      'scores.0.score',
    ],
    [
      'an extra field on a score',
      'PUT',
      `/api/inspections/${INSPECTION}/scores`,
      { scores: [{ itemId: ITEM, score: 1, total: 100 }] },
      'scores.0',
    ],
    ['an extra field in the body', 'PUT', `/api/inspections/${INSPECTION}/scores`, { ...scores, total: 100 }, '(body)'],
    ['no scores', 'PUT', `/api/inspections/${INSPECTION}/scores`, { scores: [] }, 'scores'],
    ['a sign without a name', 'POST', `/api/inspections/${INSPECTION}/sign`, {}, 'name'],
    ['a sign with a blank name', 'POST', `/api/inspections/${INSPECTION}/sign`, { name: '   ' }, 'name'],
    [
      'an inspection without a date',
      'POST',
      `/api/projects/${PROJECT}/inspections`,
      { inspectors: ['inspector'] },
      'date',
    ],
    ['an unknown kind', 'POST', `/api/projects/${PROJECT}/inspections`, { kind: 'audit', date: '2023-10-20' }, 'kind'],
    [
      'a rectification with no due',
      'POST',
      `/api/inspections/${INSPECTION}/rectifications`,
      { ...rectify, dueAt: undefined, reminderPlan: undefined },
      'dueDate',
    ],
    [
      'a rectification with both dues',
      'POST',
      `/api/inspections/${INSPECTION}/rectifications`,
      { ...rectify, dueDate: '2023-11-30' },
      'dueAt',
    ],
    [
      'a plan without an instant',
      'POST',
      `/api/inspections/${INSPECTION}/rectifications`,
      { ...rectify, dueAt: undefined, dueDate: '2023-11-30' },
      'reminderPlan',
    ],
    [
      'a bad plan offset',
      'POST',
      `/api/inspections/${INSPECTION}/rectifications`,
      { ...rectify, reminderPlan: ['tomorrow'] },
      'reminderPlan.0',
    ],
    [
      'an instant without offset',
      'POST',
      `/api/inspections/${INSPECTION}/rectifications`,
      { ...rectify, dueAt: '2023-11-30T09:00:00' },
      'dueAt',
    ],
    ['a close without a note', 'POST', `/api/rectifications/${RECTIFICATION}/close`, {}, 'note'],
  ])(
    'answers 400 problem+json naming the field for %s, and asks no service',
    async (_label, method, url, payload, field) => {
      const before = sentTotal();
      const answer = await call(method as 'GET', url, payload);
      expect(answer.status).toBe(400);
      expect(answer.type).toContain('application/problem+json');
      expect(answer.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      expect(sentTotal()).toBe(before);
    },
  );

  it('names the unknown key of an extra field in the message', async () => {
    const answer = await call('PUT', `/api/inspections/${INSPECTION}/scores`, {
      scores: [{ itemId: ITEM, score: 1, total: 100 }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field: 'scores.0', message: expect.stringContaining('total') }]);
  });

  it('refuses an upload that is not multipart before asking the service', async () => {
    const before = sentTotal();
    const answer = await call('POST', `/api/inspections/${INSPECTION}/items/${ITEM}/evidence`, { file: 'data' });
    expect(answer.status).toBe(400);
    expect(answer.type).toContain('application/problem+json');
    expect(answer.body.errors).toEqual([{ field: 'file', message: '请以 multipart/form-data 上传，字段名 file' }]);
    expect(sentTotal()).toBe(before);
  });

  it('refuses a file under another field name before asking the service', async () => {
    const before = sentTotal();
    const form = multipart('photo', 'a.png', 'image/png', PNG);
    const response = await sandbox.app.inject({
      method: 'POST',
      url: `/api/inspections/${INSPECTION}/items/${ITEM}/evidence`,
      headers: { authorization: `Bearer ${await sandbox.tokenFor('inspector')}`, 'content-type': form.type },
      payload: form.payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: 'file', message: '缺少文件（字段名 file）' }]);
    expect(sentTotal()).toBe(before);
  });

  it('stops reading an oversize file at the service’s limit: 400 naming file, never finished, aborted', async () => {
    const form = multipart('file', 'big.png', 'image/png', PNG); // 3008 bytes, the stub's limit is 2048
    const response = await sandbox.app.inject({
      method: 'POST',
      url: `/api/inspections/${INSPECTION}/items/${ITEM}/evidence`,
      headers: { authorization: `Bearer ${await sandbox.tokenFor('inspector')}`, 'content-type': form.type },
      payload: form.payload,
    });
    expect(response.statusCode).toBe(400);
    expect(String(response.headers['content-type'])).toContain('application/problem+json');
    expect(response.json().errors).toEqual([{ field: 'file', message: '文件超过 0.0 MB 上限' }]);
    expect(sent(BeginEvidenceUploadRpc.subject)).toBe(1);
    expect(sent(FinishEvidenceUploadRpc.subject)).toBe(0);
    expect(sent(AbortEvidenceUploadRpc.subject)).toBe(1);
    expect(sandbox.received.get(BeginEvidenceUploadRpc.subject)?.[0]).toMatchObject({
      inspectionId: INSPECTION,
      itemId: ITEM,
      filename: 'big.png',
    });
  });

  it('streams an evidence file with its content type, length and name', async () => {
    const response = await sandbox.app.inject({
      method: 'GET',
      url: `/api/evidence/${EVIDENCE}`,
      headers: { authorization: `Bearer ${await sandbox.tokenFor('linxian')}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['content-length']).toBe(String(PNG.length));
    expect(response.headers['content-disposition']).toBe(
      `inline; filename="__.png"; filename*=UTF-8''${encodeURIComponent('标识.png')}`,
    );
    expect(createHash('sha256').update(response.rawPayload).digest('hex')).toBe(evidenceFile.sha256);
    expect(sandbox.received.get(GetEvidenceRpc.subject)?.[0]).toMatchObject({
      evidenceId: EVIDENCE,
      actor: { username: 'linxian' },
    });
    expect(sandbox.received.get(ReadEvidenceChunkRpc.subject)).toEqual([
      expect.objectContaining({ evidenceId: EVIDENCE, index: 0 }),
    ]);
  });

  it('maps an evidence file out of scope (the service’s not_found) to 404 before any byte', async () => {
    const reads = sent(ReadEvidenceChunkRpc.subject);
    sandbox.answer(GetEvidenceRpc.subject, { ok: false, error: { code: 'not_found', message: '证据文件不存在' } });
    const answer = await call('GET', `/api/evidence/${EVIDENCE}`, undefined, 'taiyuan');
    expect(answer).toMatchObject({ status: 404, body: { code: 'not_found', detail: '证据文件不存在' } });
    expect(sent(ReadEvidenceChunkRpc.subject)).toBe(reads);
  });

  it.each([
    ['forbidden', 403, '县级专班不能为验收检查评分（可填报自评）'],
    ['not_found', 404, '验收检查不存在'],
    ['conflict', 409, '检查已签字，只读，不能修改'],
  ])('maps the service’s %s to %i problem+json with its reason', async (code, status, message) => {
    sandbox.answer(PutScoresRpc.subject, { ok: false, error: { code, message } });
    const answer = await call('PUT', `/api/inspections/${INSPECTION}/scores`, scores);
    expect(answer).toMatchObject({ status, body: { status, code, detail: message } });
    expect(answer.type).toContain('application/problem+json');
  });

  it('keeps the service’s field errors on a 400 (a score above the maximum names the item)', async () => {
    sandbox.answer(PutScoresRpc.subject, {
      ok: false,
      error: {
        code: 'validation_failed',
        message: '评分有误',
        errors: [{ field: 'scores.0.score', message: '第 1 项满分 5 分，不能给 6 分' }],
      } as never,
    });
    const answer = await call('PUT', `/api/inspections/${INSPECTION}/scores`, scores);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field: 'scores.0.score', message: '第 1 项满分 5 分，不能给 6 分' }]);
  });

  describe('programme evaluation settings', () => {
    const url = `/api/programmes/${PROGRAMME}/evaluation-settings`;

    it('reads and changes them as the province admin, passing the body on', async () => {
      expect(await call('GET', url, undefined, 'province')).toMatchObject({ status: 200, body: settings });
      const put = await call('PUT', url, { passThreshold: 75.5, rubricCode: 'gig-market-checklist' }, 'province');
      expect(put.status).toBe(200);
      expect(sandbox.received.get(PutEvaluationSettingsRpc.subject)?.[0]).toMatchObject({
        programmeId: PROGRAMME,
        passThreshold: 75.5,
        rubricCode: 'gig-market-checklist',
        actor: { username: 'province', role: 'province_admin' },
      });
    });

    it.each(['lvliang', 'inspector', 'linxian'])('refuses %s with 403, asking no service', async (username) => {
      const before = sentTotal();
      expect((await call('GET', url, undefined, username)).status).toBe(403);
      expect((await call('PUT', url, { passThreshold: 70, rubricCode: null }, username)).status).toBe(403);
      expect(sentTotal()).toBe(before);
    });

    it.each([
      ['a threshold as text', { passThreshold: '70', rubricCode: null }, 'passThreshold'],
      ['a negative threshold', { passThreshold: -1, rubricCode: null }, 'passThreshold'],
      ['a quarter point', { passThreshold: 70.25, rubricCode: null }, 'passThreshold'],
      ['a missing rubric code', { passThreshold: 70 }, 'rubricCode'],
      ['a malformed rubric code', { passThreshold: 70, rubricCode: 'Gig Market' }, 'rubricCode'],
      ['an extra field', { passThreshold: 70, rubricCode: null, total: 100 }, '(body)'],
    ])('answers 400 naming the field for %s', async (_label, payload, field) => {
      const before = sentTotal();
      const answer = await call('PUT', url, payload, 'province');
      expect(answer.status).toBe(400);
      expect(answer.type).toContain('application/problem+json');
      expect(answer.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      expect(sentTotal()).toBe(before);
    });

    it('keeps the service’s 400 (threshold above the rubric total) and 404 (unknown programme)', async () => {
      sandbox.answer(PutEvaluationSettingsRpc.subject, {
        ok: false,
        error: {
          code: 'validation_failed',
          message: '请求有误',
          errors: [{ field: 'passThreshold', message: '合格线 120 分超过评分标准总分 100 分' }],
        } as never,
      });
      const tooHigh = await call('PUT', url, { passThreshold: 120, rubricCode: null }, 'province');
      expect(tooHigh).toMatchObject({ status: 400, body: { errors: [{ field: 'passThreshold' }] } });
      sandbox.answer(GetEvaluationSettingsRpc.subject, {
        ok: false,
        error: { code: 'not_found', message: '计划不存在' },
      });
      expect(await call('GET', url, undefined, 'province')).toMatchObject({
        status: 404,
        body: { detail: '计划不存在' },
      });
    });
  });
});
