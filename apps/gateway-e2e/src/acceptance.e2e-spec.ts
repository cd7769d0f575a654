import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@duban/testing';
import { System, type HttpAnswer } from './system';

const LINXIAN = '141124';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(400 * 1024, 3)]);

/**
 * Acceptance on the checklist through the running system (five processes, demo data): the city opens 临县's
 * inspection, the inspector scores it (a score over the maximum refused, naming the item) and uploads
 * evidence, signs; 临县 countersigns; the projects service then shows 临县's acceptance milestone done.
 */
describe('acceptance inspection of 临县, end to end', () => {
  let system: System;
  let evidenceDir: string;
  const tokens = new Map<string, string>();

  async function call(username: string, method: string, path: string, body?: unknown): Promise<HttpAnswer> {
    return system.request(path, {
      method,
      headers: {
        authorization: `Bearer ${tokens.get(username)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async function upload(
    username: string,
    path: string,
    data: Buffer,
    filename: string,
    type: string,
  ): Promise<HttpAnswer> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(data)], { type }), filename);
    return system.request(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get(username)}` },
      body: form,
    });
  }

  beforeAll(async () => {
    evidenceDir = await mkdtemp(join(tmpdir(), 'duban-e2e-evidence-'));
    system = await System.start('acceptance', {
      DUBAN_DEMO: 'true',
      DUBAN_EVIDENCE_DIR: evidenceDir,
      DUBAN_EVIDENCE_MAX_BYTES: String(1024 * 1024),
    });
    for (const username of ['lvliang', 'inspector', 'linxian']) {
      const answer = await system.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'duban-demo' }),
      });
      tokens.set(username, answer.body.accessToken);
    }
  });

  afterAll(async () => {
    await system?.stop();
    await rm(evidenceDir, { recursive: true, force: true });
  });

  it('opens, scores, uploads, signs and countersigns; 临县’s accept milestone is then done', async () => {
    // The projects service loads its demo data once it has started: wait for 临县's project.
    const projects = await waitFor(
      '临县’s project',
      () => call('linxian', 'GET', `/api/projects?region=${LINXIAN}`),
      (answer) => answer.status === 200 && answer.body.length === 1,
    );
    const projectId: string = projects.body[0].id;
    // Evaluation learns of the project from the projects service's event.
    await waitFor(
      'evaluation to know 临县',
      () => call('lvliang', 'GET', `/api/projects/${projectId}/inspections`),
      (a) => a.status === 200,
    );

    const opened = await call('lvliang', 'POST', `/api/projects/${projectId}/inspections`, {
      date: '2023-10-20',
      inspectors: ['inspector'],
    });
    expect(opened.status).toBe(201);
    const inspection = opened.body;
    const item = (number: number) => inspection.items.find((i: { number: number }) => i.number === number);
    expect(item(6).text).toBe('明显位置悬挂统一标识，名称为：“临县零工市场”。');
    const rubric = await call('inspector', 'GET', `/api/rubrics/${inspection.rubricId}`);
    expect(rubric.body.total).toBe(100);

    const tooHigh = await call('inspector', 'PUT', `/api/inspections/${inspection.id}/scores`, {
      scores: [{ itemId: item(1).id, score: 6, note: '' }],
    });
    expect(tooHigh.status).toBe(400);
    expect(tooHigh.body.errors).toEqual([{ field: 'scores.0.score', message: '第 1 项满分 5 分，不能给 6 分' }]);
    const negative = await call('inspector', 'PUT', `/api/inspections/${inspection.id}/scores`, {
      scores: [{ itemId: item(1).id, score: -1 }],
    });
    expect(negative.status).toBe(400);
    const byCounty = await call('linxian', 'PUT', `/api/inspections/${inspection.id}/scores`, {
      scores: [{ itemId: item(1).id, score: 5 }],
    });
    expect(byCounty.status).toBe(403);

    const scored = await call('inspector', 'PUT', `/api/inspections/${inspection.id}/scores`, {
      scores: inspection.items.map((i: { id: string; number: number; maxPoints: number }) => ({
        itemId: i.id,
        score: i.number === 12 ? 13.5 : i.maxPoints,
        note: '现场核实',
      })),
    });
    expect(scored.status).toBe(200);
    expect(scored.body.total).toBe(98.5);
    expect(scored.body.sectionTotals.map((s: { score: number }) => s.score)).toEqual([15, 40, 28.5, 15]);

    const evidencePath = `/api/inspections/${inspection.id}/items/${item(6).id}/evidence`;
    const photo = await upload('inspector', evidencePath, PNG, '标识.png', 'image/png');
    expect(photo.status).toBe(201);
    expect(photo.body).toMatchObject({
      contentType: 'image/png',
      sizeBytes: PNG.length,
      sha256: createHash('sha256').update(PNG).digest('hex'),
    });
    const fake = await upload('inspector', evidencePath, Buffer.from('not really a jpeg'), 'photo.jpg', 'image/jpeg');
    expect(fake.status).toBe(400);
    expect(fake.body.errors[0].field).toBe('file');
    const big = await upload('inspector', evidencePath, Buffer.concat([PNG, PNG, PNG]), 'big.png', 'image/png');
    expect(big.status).toBe(400);
    expect(big.body.errors).toEqual([{ field: 'file', message: '文件超过 1 MB 上限' }]);

    const signed = await call('inspector', 'POST', `/api/inspections/${inspection.id}/sign`, { name: '王验收' });
    expect(signed.status).toBe(200);
    expect(signed.body.status).toBe('inspector_signed');
    const countersigned = await call('linxian', 'POST', `/api/inspections/${inspection.id}/sign`, { name: '刘星' });
    expect(countersigned.status).toBe(200);
    expect(countersigned.body).toMatchObject({ status: 'signed', passed: true, total: 98.5 });
    const late = await call('inspector', 'PUT', `/api/inspections/${inspection.id}/scores`, {
      scores: [{ itemId: item(12).id, score: 15 }],
    });
    expect(late.status).toBe(409);

    const accept = await waitFor(
      '临县’s accept milestone done',
      async () =>
        (await call('linxian', 'GET', `/api/projects/${projectId}/milestones`)).body.find(
          (m: { key: string }) => m.key === 'accept',
        ),
      (milestone) => milestone?.status === 'done',
    );
    expect(accept).toMatchObject({ completedBy: 'inspector', completedByName: '王验收' });
  });
});
