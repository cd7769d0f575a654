import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { API, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import type { MonthlyReport } from './county-api';
import { aReport, pageAnswers, PROJECT_ID } from './county-fixtures';

/** Puts text into a field at once (a paste): typing it key by key re-renders the whole form per key. */
async function fill(field: HTMLElement, text: string) {
  await userEvent.click(field);
  await userEvent.paste(text);
}

function fieldOf(label: string): HTMLElement {
  const item = screen.getByLabelText(label).closest<HTMLElement>('.ant-form-item');
  if (!item) throw new Error(`no form item around ${label}`);
  return item;
}

/** A stand-in reports service applying the October rule as the projects service does. */
function reportsService(initial: MonthlyReport[] = []) {
  const reports = [...initial];
  const filed: unknown[] = [];
  return {
    filed,
    handlers: [
      http.get(`${API}/projects/${PROJECT_ID}/reports`, () => HttpResponse.json({ items: reports })),
      http.post(`${API}/projects/${PROJECT_ID}/reports`, async ({ request }) => {
        const body = (await request.json()) as Partial<MonthlyReport> & { month: string };
        filed.push(body);
        const missing = (['gigJobsOffered', 'gigWorkerVisits', 'placements'] as const).filter(
          (field) => body.month >= '2023-10' && (body[field] === null || body[field] === undefined),
        );
        if (missing.length > 0) {
          return problem(
            400,
            '月报填写不完整或有误',
            missing.map((field) => ({
              field,
              message: `自2023年10月起须填报${field === 'gigJobsOffered' ? '当月提供零工岗位数' : field}（非负整数）`,
            })),
          );
        }
        const report = aReport({
          ...body,
          id: '6f1c0a4e-0000-4000-8000-0000000c0002',
          status: 'submitted',
          submittedAt: '2023-10-20T02:00:00.000Z',
        });
        reports.unshift(report);
        return HttpResponse.json(report, { status: 201 });
      }),
    ],
  };
}

describe('月报', () => {
  it('files October’s report with the operating figures, showing the server’s field error under its field', async () => {
    const service = reportsService();
    server.use(...service.handlers, ...pageAnswers());
    renderApp(`/projects/${PROJECT_ID}/reports`, USERS.linxian);

    expect(await screen.findByText('尚未报送月报')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '填报月报' }));
    // Queries stay inside the form: role queries over the whole page are slow in jsdom.
    const form = within(screen.getByText('填报月报').closest('.ant-card') as HTMLElement);
    const month = form.getByLabelText('报送月份');
    await userEvent.clear(month);
    await fill(month, '2023-10');
    await userEvent.tab();
    await waitFor(() => expect(screen.getByLabelText('报送月份')).toHaveValue('2023-10'));
    // Pre-filled from the 附件1 row.
    expect(screen.getByLabelText('项目详细地址')).toHaveValue('临县城区');
    await fill(screen.getByLabelText('本月工作内容'), '零工市场试运行，组织招聘会2场');
    await fill(screen.getByLabelText('当月服务零工人次'), '35');
    await fill(screen.getByLabelText('当月达成意向上岗人次'), '12');
    await userEvent.click(form.getByRole('button', { name: '提交月报' }));

    expect(
      await within(fieldOf('当月提供零工岗位数')).findByText('自2023年10月起须填报当月提供零工岗位数（非负整数）'),
    ).toBeInTheDocument();
    expect(screen.getByText('月报填写不完整或有误')).toBeInTheDocument();
    expect(screen.getByLabelText('本月工作内容')).toHaveValue('零工市场试运行，组织招聘会2场');
    expect(screen.getByLabelText('当月服务零工人次')).toHaveValue('35');
    expect(service.filed[0]).toEqual({
      month: '2023-10',
      constructionType: 'new',
      progress: 'under_construction',
      actualAreaM2: 120,
      address: '临县城区',
      workContent: '零工市场试运行，组织招聘会2场',
      difficulties: '',
      suggestions: '',
      gigJobsOffered: null,
      gigWorkerVisits: 35,
      placements: 12,
    });

    await fill(screen.getByLabelText('当月提供零工岗位数'), '80');
    await userEvent.click(form.getByRole('button', { name: '提交月报' }));

    const filedRow = (await screen.findByText('2023年10月')).closest('tr');
    expect(filedRow).not.toBeNull();
    expect(within(filedRow as HTMLElement).getByText('已报送')).toBeInTheDocument();
    expect(within(filedRow as HTMLElement).getByText('按时')).toBeInTheDocument();
    expect(service.filed[1]).toMatchObject({ gigJobsOffered: 80, gigWorkerVisits: 35, placements: 12 });
    expect(screen.queryByRole('button', { name: '提交月报' })).not.toBeInTheDocument();
  });

  it('lets the city return a report with its comment, and offers the county nothing to review', async () => {
    const returned: unknown[] = [];
    const september = aReport({ month: '2023-09', late: true });
    server.use(
      http.get(`${API}/projects/${PROJECT_ID}/reports`, () => HttpResponse.json({ items: [september] })),
      http.post(`${API}/reports/${september.id}/return`, async ({ request }) => {
        returned.push(await request.json());
        return HttpResponse.json({ ...september, status: 'returned', reviewComment: '面积与附件1不符' });
      }),
      ...pageAnswers(),
    );
    renderApp(`/projects/${PROJECT_ID}/reports`, USERS.lvliang);

    const row = within((await screen.findByText('2023年9月')).closest('tr') as HTMLElement);
    expect(row.getByText('逾期报送')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '填报月报' })).not.toBeInTheDocument();
    await userEvent.click(row.getByRole('button', { name: /退\s*回/ }));
    const dialog = await screen.findByRole('dialog');
    await fill(within(dialog).getByLabelText('退回意见'), '面积与附件1不符');
    await userEvent.click(within(dialog).getByRole('button', { name: /确认退回/ }));

    await waitFor(() => expect(returned).toEqual([{ comment: '面积与附件1不符' }]));
  });
});
