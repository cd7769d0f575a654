import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { Me } from '../auth/session';
import { afterEach, vi } from 'vitest';
import { API, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import { aMilestone, aSchedule, OFFICERS, pageAnswers, PROJECT_ID } from './county-fixtures';
import type { MilestoneFile } from './milestone-plan-api';

const PLAN = aMilestone({ title: '出台建设方案' });
const STORED: MilestoneFile = {
  id: '6f1c0a4e-0000-4000-8000-0000000f0001',
  milestoneId: PLAN.id,
  filename: '临政办发〔2023〕12号.pdf',
  contentType: 'application/pdf',
  sizeBytes: 350 * 1024,
  sha256: 'a'.repeat(64),
  uploadedBy: 'linxian',
  uploadedByName: '刘星',
  uploadedAt: '2023-03-20T02:00:00.000Z',
};
const PDF_BYTES = new TextEncoder().encode('%PDF-1.7\n%%EOF\n');

/** A stand-in projects service holding the milestone's files; uploads are refused while `refusals` last. */
function filesService(initial: MilestoneFile[], refusals: Response[] = []) {
  const files = [...initial];
  const uploads: { name: string; size: number }[] = [];
  return {
    uploads,
    handlers: [
      http.get(`${API}/projects/${PROJECT_ID}/milestones`, () => HttpResponse.json([PLAN])),
      http.get(`${API}/projects/${PROJECT_ID}/officers`, () => HttpResponse.json(OFFICERS)),
      http.get(`${API}/milestones/:id/reminders`, () => HttpResponse.json(aSchedule([]))),
      http.get(`${API}/milestones/${PLAN.id}/evidence`, () => HttpResponse.json(files)),
      http.post(`${API}/milestones/${PLAN.id}/evidence`, async ({ request }) => {
        const file = (await request.formData()).get('file') as File;
        uploads.push({ name: file.name, size: file.size });
        const refusal = refusals.shift();
        if (refusal) return refusal;
        const stored = {
          ...STORED,
          id: `6f1c0a4e-0000-4000-8000-0000000f000${files.length + 1}`,
          filename: file.name,
          sizeBytes: file.size,
        };
        files.push(stored);
        return HttpResponse.json(stored, { status: 201 });
      }),
      http.get(`${API}/milestone-evidence/${STORED.id}`, () =>
        HttpResponse.arrayBuffer(PDF_BYTES.buffer as ArrayBuffer, { headers: { 'Content-Type': 'application/pdf' } }),
      ),
    ],
  };
}

async function filesSection(user: Me = USERS.linxian) {
  renderApp(`/projects/${PROJECT_ID}/milestones/${PLAN.id}`, user);
  return within(await screen.findByRole('region', { name: '佐证文件' }));
}

function fileInput(): HTMLInputElement {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('no file input');
  return input;
}

describe('节点佐证文件', () => {
  afterEach(() => vi.restoreAllMocks());

  it('attaches a PDF; a refused file shows the service’s reason, and the next one is listed', async () => {
    const service = filesService(
      [],
      [
        problem(400, '请求中有无效字段', [
          { field: 'file', message: '只接受 JPG、PNG、WEBP 图片或 PDF 文件（按文件内容判断，而非文件名）' },
        ]),
      ],
    );
    server.use(...service.handlers, ...pageAnswers());
    const section = await filesSection();
    expect(await section.findByText('暂无文件')).toBeInTheDocument();

    await userEvent.upload(fileInput(), new File(['MZ not a pdf'], 'plan.pdf', { type: 'application/pdf' }));
    expect(
      await section.findByText('文件未上传：只接受 JPG、PNG、WEBP 图片或 PDF 文件（按文件内容判断，而非文件名）'),
    ).toBeInTheDocument();

    await userEvent.upload(fileInput(), new File([PDF_BYTES], 'plan-approval.pdf', { type: 'application/pdf' }));
    expect(await section.findByText('plan-approval.pdf')).toBeInTheDocument();
    expect(section.queryByText(/文件未上传/)).toBeNull();
    // (ASCII names: happy-dom's FormData sends a name's bytes in a way the stand-in reads as Latin-1; the
    // gateway's parser reads UTF-8, which the Chromium flow covers.)
    expect(service.uploads).toEqual([
      { name: 'plan.pdf', size: 12 },
      { name: 'plan-approval.pdf', size: PDF_BYTES.length },
    ]);
  });

  it('lets whoever sees the milestone download a file under its name; no upload button for a role that may not attach', async () => {
    server.use(...filesService([STORED]).handlers, ...pageAnswers());
    const saved: { name: string; size: number }[] = [];
    const objectUrls = new Map<string, Blob>();
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      const url = `blob:test/${objectUrls.size}`;
      objectUrls.set(url, blob as Blob);
      return url;
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, size: objectUrls.get(this.href)?.size ?? -1 });
    });

    const section = await filesSection(USERS.inspector);
    expect(await section.findByText('临政办发〔2023〕12号.pdf')).toBeInTheDocument();
    expect(section.getByText('350 KB · 刘星 · 2023-03-20 10:00')).toBeInTheDocument();
    expect(section.queryByText('上传文件')).toBeNull();
    await userEvent.click(section.getByLabelText('下载 临政办发〔2023〕12号.pdf'));
    await waitFor(() => expect(saved).toEqual([{ name: '临政办发〔2023〕12号.pdf', size: PDF_BYTES.length }]));
  });

  it('says when a download is refused', async () => {
    server.use(
      http.get(`${API}/milestone-evidence/${STORED.id}`, () => problem(404, '文件不存在')),
      ...filesService([STORED]).handlers,
      ...pageAnswers(),
    );
    const section = await filesSection(USERS.lvliang);
    await userEvent.click(await section.findByLabelText('下载 临政办发〔2023〕12号.pdf'));
    expect(await screen.findByText('下载失败：文件不存在')).toBeInTheDocument();
  });
});
