import {
  GetDashboardRpc,
  GetEvidenceRpc,
  GetInspectionRpc,
  ReadEvidenceChunkRpc,
  type Dashboard,
  type DashboardRow,
  type InspectionView,
} from '@duban/contracts';
import { createHash } from 'node:crypto';
import { startGatewaySandbox, type GatewaySandbox } from '../core/__fixtures__/gateway-sandbox';
import { ONE_PIXEL_PNG, pdfImages, pdfText } from '@duban/testing';

const INSPECTION = '0190a3c4-0000-7000-8000-0000000000a1';
const EVIDENCE = '0190a3c4-0000-7000-8000-0000000000a2';
const item = (number: number, sectionTitle: string, maxPoints: number, score: number, note: string) => ({
  id: `0190a3c4-0000-7000-8000-0000000001${String(number).padStart(2, '0')}`,
  number,
  sectionTitle,
  text: `第${number}项评价内容`,
  maxPoints,
  scored: true,
  score,
  note,
  carriedOver: false,
  evidence: [] as InspectionView['items'][number]['evidence'],
});

const photo = {
  id: EVIDENCE,
  itemId: item(1, '', 0, 0, '').id,
  filename: '选址照片.png',
  contentType: 'image/png',
  sizeBytes: ONE_PIXEL_PNG.length,
  sha256: createHash('sha256').update(ONE_PIXEL_PNG).digest('hex'),
  uploadedBy: 'inspector',
  uploadedAt: '2023-10-20T03:00:00.000Z',
};

const INSPECTOR_DIGEST = 'a'.repeat(64);
const COUNTY_DIGEST = 'b'.repeat(64);

/** A signed inspection of 临县 as the evaluation service answers it. */
const signed: InspectionView = {
  id: INSPECTION,
  projectId: '0190a3c4-0000-7000-8000-0000000000a3',
  programmeId: '0190a3c4-0000-7000-8000-0000000000a4',
  regionCode: '141124',
  regionName: '临县',
  projectName: '临县公益性零工市场',
  rubricId: '0190a3c4-0000-7000-8000-0000000000a5',
  rubricVersion: 1,
  kind: 'inspection',
  reinspectionOf: null,
  status: 'signed',
  date: '2023-10-20',
  inspectors: ['inspector'],
  inspectorNames: ['王验收'],
  openedBy: 'lvliang',
  total: 86.5,
  maxTotal: 100,
  sectionTotals: [
    { title: '一、调研论证', points: 15, score: 13.5 },
    { title: '二、基础设施', points: 40, score: 36 },
  ],
  scoredCount: 3,
  toScoreCount: 3,
  passThreshold: 60,
  passed: true,
  signatures: {
    inspector: {
      name: '王验收',
      username: 'inspector',
      signedAt: '2023-10-20T03:00:00.000Z',
      contentHash: INSPECTOR_DIGEST,
    },
    county: { name: '刘星', username: 'linxian', signedAt: '2023-10-20T05:30:00.000Z', contentHash: COUNTY_DIGEST },
  },
  cancellation: null,
  items: [
    { ...item(1, '一、调研论证', 5, 4.5, '选址已论证'), evidence: [photo] },
    item(2, '一、调研论证', 10, 9, '方案已发文'),
    item(4, '二、基础设施', 40, 36, '面积达标'),
  ],
  rectifications: [],
  version: 7,
};

const row = (code: string, name: string, overdue: number, month: string | null): DashboardRow => ({
  region: { code, name, level: 'county' },
  countyCount: 1,
  projectCount: 1,
  milestones: { green: 5, yellow: 1, red: overdue, done: 2 - overdue, total: 8 },
  doneShare: '0.2500',
  overdue,
  reports: { submitted: month ? 1 : 0, returned: 0, accepted: 0, none: month ? 0 : 1 },
  latestReport: month ? { id: '0190a3c4-0000-7000-8000-0000000000b1', month, status: 'submitted', late: false } : null,
  light: overdue > 0 ? 'red' : 'yellow',
  latestFigures: null,
  projectId: null,
});

/** 吕梁市 with two counties: 临县 filed October's report, 兴县 did not. */
const lvliang: Dashboard = {
  programme: { id: signed.programmeId, code: 'shanxi-2023', name: '2023年公益性零工市场建设', year: 2023 },
  region: { code: '141100', name: '吕梁市', level: 'city' },
  ancestors: [{ code: '140000', name: '山西省', level: 'province' }],
  asOf: '2023-10-26T02:00:00.000Z',
  total: {
    ...row('141100', '吕梁市', 0, null),
    region: { code: '141100', name: '吕梁市', level: 'city' },
    countyCount: 2,
  },
  children: [row('141124', '临县', 0, '2023-10'), row('141123', '兴县', 0, '2023-09')],
  project: null,
  series: [
    {
      month: '2023-10',
      plannedDue: 14,
      done: 4,
      figures: { counties: 1, gigJobsOffered: 321, gigWorkerVisits: 654, placements: 87 },
    },
  ],
};

const SUBJECTS = [GetInspectionRpc, GetEvidenceRpc, ReadEvidenceChunkRpc, GetDashboardRpc].map((rpc) => rpc.subject);

/**
 * The PDF reports at the gateway, the services stubbed on NATS; each PDF is read back by poppler's
 * pdftotext, so the Chinese in it is real text.
 */
describe('PDF reports (gateway, services stubbed)', () => {
  let sandbox: GatewaySandbox;

  beforeAll(async () => {
    sandbox = await startGatewaySandbox('gwpdf', SUBJECTS);
    sandbox.answer(GetInspectionRpc.subject, { ok: true, data: signed });
    sandbox.answer(GetEvidenceRpc.subject, {
      ok: true,
      data: { ...photo, inspectionId: INSPECTION, chunkBytes: 1024 },
    });
    sandbox.answer(ReadEvidenceChunkRpc.subject, { ok: true, data: { data: ONE_PIXEL_PNG.toString('base64') } });
    sandbox.answer(GetDashboardRpc.subject, { ok: true, data: lvliang });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const download = async (url: string, username: string) =>
    sandbox.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${await sandbox.tokenFor(username)}` },
    });

  it('prints a signed inspection: sections, scores, notes, the photo, total, pass mark and both signatures', async () => {
    const response = await download(`/api/inspections/${INSPECTION}/report.pdf`, 'linxian');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('临县验收报告-2023-10-20.pdf')}`,
    );
    const text = pdfText(response.rawPayload).replace(/\s+/g, ' ');
    for (const expected of [
      '临县公益性零工市场 验收检查报告',
      '一、调研论证（15 分，得 13.5 分）',
      '二、基础设施（40 分，得 36 分）',
      '选址已论证',
      '总分：86.5 分（满分 100 分，合格分数线 60 分）',
      '合格',
      '检查人员：王验收',
      '王验收（inspector）',
      '刘星（linxian）',
      '2023年10月20日 11:00（北京时间）',
      '2023年10月20日 13:30（北京时间）',
      INSPECTOR_DIGEST,
      COUNTY_DIGEST,
      '选址照片.png',
    ]) {
      expect(text).toContain(expected);
    }
    expect(pdfImages(response.rawPayload)).toBe(1);
    expect(sandbox.received.get(GetInspectionRpc.subject)?.[0]).toMatchObject({
      inspectionId: INSPECTION,
      actor: { username: 'linxian' },
    });
  });

  it('answers 404 for an inspection the service finds out of scope, and 400 for a malformed id', async () => {
    sandbox.answer(GetInspectionRpc.subject, { ok: false, error: { code: 'not_found', message: '验收检查不存在' } });
    const outside = await download(`/api/inspections/${INSPECTION}/report.pdf`, 'taiyuan');
    expect(outside.statusCode).toBe(404);
    expect(outside.json()).toMatchObject({ detail: '验收检查不存在' });
    expect((await download('/api/inspections/42/report.pdf', 'taiyuan')).statusCode).toBe(400);
    sandbox.answer(GetInspectionRpc.subject, { ok: true, data: signed });
  });

  it('prints a city’s monthly summary: its counties, lights, reports filed and missing, and figures', async () => {
    const response = await download('/api/reports/summary.pdf?region=141100&month=2023-10', 'lvliang');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const text = pdfText(response.rawPayload).replace(/\s+/g, ' ');
    for (const expected of [
      '吕梁市公益性零工市场建设月度汇总（2023年10月）',
      '临县',
      '兴县',
      '应报 2 个县，已报 1 个，未报 1 个。',
      '2023-09 已报送',
      '未报送',
      '321',
      '654',
      '87',
      '本地区没有逾期节点。',
    ]) {
      expect(text).toContain(expected);
    }
    expect(sandbox.received.get(GetDashboardRpc.subject)?.[0]).toMatchObject({
      region: '141100',
      actor: { username: 'lvliang' },
    });
  });

  it.each([
    ['a malformed month', '?region=141100&month=2023-13', 'month'],
    ['no region', '?month=2023-10', 'region'],
  ])('answers 400 naming the field for %s', async (_label, query, field) => {
    const response = await download(`/api/reports/summary.pdf${query}`, 'lvliang');
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { field: string }) => error.field)).toEqual([field]);
  });
});
