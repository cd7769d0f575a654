import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ONE_PIXEL_PNG, pdfImages, pdfText, waitFor } from '@duban/testing';
import { sync as ical, type VEvent } from 'node-ical';
import { System } from './system';

const LINXIAN = '141124';

const events = (ics: string): VEvent[] =>
  Object.values(ical.parseICS(ics)).filter((entry): entry is VEvent => entry?.type === 'VEVENT');
/** An all-day event's date as node-ical gives it (a local-midnight Date). */
const day = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

interface Milestone {
  id: string;
  key: string | null;
  dueDate: string | null;
  responsibleOfficerIds: string[];
}

/**
 * The formats through the running system (five processes, demo data): 临县's calendar feeds read back by
 * node-ical, the acceptance report of a signed inspection and 吕梁市's monthly summary read back by pdftotext.
 */
describe('PDF reports and calendar feeds, end to end', () => {
  let system: System;
  let evidenceDir: string;
  let projectId: string;

  const json = (username: string, method: string, path: string, body?: unknown) =>
    system.call(username, path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const binary = async (username: string, path: string) => {
    const response = await system.fetch(path, {
      headers: { authorization: `Bearer ${await system.tokenFor(username)}` },
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      data: Buffer.from(await response.arrayBuffer()),
    };
  };

  beforeAll(async () => {
    evidenceDir = await mkdtemp(join(tmpdir(), 'duban-e2e-formats-'));
    system = await System.start('formats', { DUBAN_DEMO: 'true', DUBAN_EVIDENCE_DIR: evidenceDir });
    const projects = await waitFor(
      '临县’s project',
      () => json('linxian', 'GET', `/api/projects?region=${LINXIAN}`),
      (answer) => answer.status === 200 && answer.body.length === 1,
    );
    projectId = projects.body[0].id;
  });

  afterAll(async () => {
    await system?.stop();
    await rm(evidenceDir, { recursive: true, force: true });
  });

  it('serves 临县’s feed with its milestones on their due dates; a rescheduled one keeps its UID, higher SEQUENCE', async () => {
    const milestones: Milestone[] = (await json('linxian', 'GET', `/api/projects/${projectId}/milestones`)).body;
    const feed = await json('linxian', 'GET', `/api/projects/${projectId}/calendar.ics`);
    expect(feed.status).toBe(200);
    const parsed = events(feed.body);
    for (const milestone of milestones) {
      const event = parsed.find((candidate) => candidate.uid === `${milestone.id}@duban`);
      expect(event && day(event.start)).toBe(milestone.dueDate);
      expect(event?.datetype).toBe('date');
    }

    const site = milestones.find((milestone) => milestone.key === 'site')!;
    const before = parsed.find((event) => event.uid === `${site.id}@duban`)!;
    const moved = await json('lvliang', 'PATCH', `/api/milestones/${site.id}`, { dueDate: '2023-04-14' });
    expect(moved.status).toBe(200);
    const after = events((await json('linxian', 'GET', `/api/projects/${projectId}/calendar.ics`)).body).find(
      (event) => event.uid === `${site.id}@duban`,
    )!;
    expect(day(after.start)).toBe('2023-04-14');
    expect(Number(after.sequence)).toBeGreaterThan(Number(before.sequence));
  });

  it('serves 临县’s officer a personal feed by URL (what they answer for) until the token is revoked', async () => {
    const officers: { id: string; username: string | null }[] = (
      await json('linxian', 'GET', `/api/projects/${projectId}/officers`)
    ).body;
    const mine = new Set(officers.filter((officer) => officer.username === 'linxian').map((officer) => officer.id));
    const milestones: Milestone[] = (await json('linxian', 'GET', `/api/projects/${projectId}/milestones`)).body;
    const answered = milestones.filter((milestone) => milestone.responsibleOfficerIds.some((id) => mine.has(id)));
    // The demo's 刘星 (linxian) sits in 临县's leading group and answers for some of its milestones.
    expect(answered.length).toBeGreaterThan(0);

    const issued = await json('linxian', 'POST', '/api/me/calendar-token');
    expect(issued.status).toBe(201);
    const feed = await system.request(issued.body.url);
    expect(feed.status).toBe(200);
    const uids = events(feed.body).map((event) => event.uid);
    for (const milestone of answered) expect(uids).toContain(`${milestone.id}@duban`);
    expect(uids).toHaveLength(answered.length + 12);
    expect(uids.filter((uid) => uid.startsWith('report-'))).toHaveLength(12);

    expect((await json('linxian', 'DELETE', '/api/me/calendar-token')).status).toBe(204);
    expect((await system.request(issued.body.url)).status).toBe(404);
  });

  it('prints a signed inspection with its total and both signatures as text, and 吕梁市’s monthly summary', async () => {
    await waitFor(
      'evaluation to know 临县',
      () => json('lvliang', 'GET', `/api/projects/${projectId}/inspections`),
      (answer) => answer.status === 200,
    );
    const opened = await json('lvliang', 'POST', `/api/projects/${projectId}/inspections`, {
      date: '2023-10-20',
      inspectors: ['inspector'],
    });
    expect(opened.status).toBe(201);
    const inspection = opened.body;
    const scored = await json('inspector', 'PUT', `/api/inspections/${inspection.id}/scores`, {
      scores: inspection.items.map((item: { id: string; number: number; maxPoints: number }) => ({
        itemId: item.id,
        score: item.number === 12 ? 13.5 : item.maxPoints,
        note: '现场核实',
      })),
    });
    expect(scored.body.total).toBe(98.5);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(ONE_PIXEL_PNG)], { type: 'image/png' }), '标识.png');
    const item6 = inspection.items.find((item: { number: number }) => item.number === 6);
    const photo = await system.fetch(`/api/inspections/${inspection.id}/items/${item6.id}/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await system.tokenFor('inspector')}` },
      body: form,
    });
    expect(photo.status).toBe(201);
    expect((await json('inspector', 'POST', `/api/inspections/${inspection.id}/sign`, { name: '王验收' })).status).toBe(
      200,
    );
    const countersigned = await json('linxian', 'POST', `/api/inspections/${inspection.id}/sign`, { name: '刘星' });
    expect(countersigned.body.status).toBe('signed');

    const report = await binary('lvliang', `/api/inspections/${inspection.id}/report.pdf`);
    expect(report).toMatchObject({ status: 200, type: 'application/pdf' });
    const text = pdfText(report.data).replace(/\s+/g, ' ');
    expect(text).toContain('总分：98.5 分（满分 100 分，合格分数线');
    expect(text).toContain('验收组签字：王验收（inspector）');
    expect(text).toContain('县级专班会签：刘星（linxian）');
    expect(text).toContain(countersigned.body.signatures.inspector.contentHash);
    expect(text).toContain(countersigned.body.signatures.county.contentHash);
    expect(pdfImages(report.data)).toBe(1);
    expect((await binary('taiyuan', `/api/inspections/${inspection.id}/report.pdf`)).status).toBe(404);

    const summary = await binary('lvliang', '/api/reports/summary.pdf?region=141100&month=2023-10');
    expect(summary).toMatchObject({ status: 200, type: 'application/pdf' });
    const counties: { region: { name: string } }[] = (await json('lvliang', 'GET', '/api/dashboard?region=141100')).body
      .children;
    const summaryText = pdfText(summary.data);
    expect(counties.length).toBeGreaterThan(1);
    for (const county of counties) expect(summaryText).toContain(county.region.name);
    expect((await binary('taiyuan', '/api/reports/summary.pdf?region=141100&month=2023-10')).status).toBe(404);
  });
});
