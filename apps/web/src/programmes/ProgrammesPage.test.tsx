import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { PROGRAMME } from '../county/county-fixtures';
import { API, fill, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';

const year2023 = { ...PROGRAMME, status: 'closed' as const, closedAt: '2024-01-10T00:00:00.000Z' };
const year2027 = {
  ...PROGRAMME,
  id: '6f1c0a4e-0000-4000-8000-0000000a2027',
  code: 'gig-markets-2027-140000',
  year: 2027,
  projectCount: 13,
  createdAt: '2026-12-01T00:00:00.000Z',
};
const { id: _id, code: _code, year: _year, ...programmeParts } = PROGRAMME;
const template = {
  id: '6f1c0a4e-0000-4000-8000-0000000d0001',
  code: 'gig-markets',
  version: 1,
  createdAt: null,
  createdBy: null,
  name: PROGRAMME.name,
  projectTitle: '公益性零工市场',
  milestones: [
    { key: 'plan', title: '出台建设方案', due: '03-31', after: [] },
    { key: 'site', title: '完成选址', due: '03-31', after: [] },
    { key: 'push', title: '全面进入建设推进阶段', due: '04-30', after: ['plan', 'site'] },
  ],
  reminderPolicy: programmeParts.reminderPolicy,
  reportDueDay: 25,
  operatingFiguresFromMonth: 10,
  yellowWithinWorkingDays: 3,
  rubricCode: 'gig-market-checklist',
  passMark: 60,
  fundingSources: [{ source: 'city', allowedCategories: ['other'] }],
};

describe('the programme selector and 年度计划 (programmes page)', () => {
  it('shows the newest open programme in the header and asks the dashboard for the one chosen', async () => {
    const asked: (string | null)[] = [];
    server.use(
      http.get(`${API}/programmes`, () => HttpResponse.json([year2023, year2027])),
      http.get(`${API}/dashboard`, ({ request }) => {
        asked.push(new URL(request.url).searchParams.get('programmeId'));
        return problem(404, '地区不存在');
      }),
    );
    renderApp('/regions/140000', USERS.province);
    const selector = await screen.findByRole('combobox', { name: '年度计划' });
    const header = selector.closest('header') as HTMLElement;
    expect(within(header).getByText('2027年 公益性零工市场县县全覆盖')).toBeInTheDocument();
    await waitFor(() => expect(asked).toEqual([year2027.id]));

    await userEvent.click(selector);
    await userEvent.click(await screen.findByText('2023年 公益性零工市场县县全覆盖（已关闭）'));
    await waitFor(() => expect(asked).toEqual([year2027.id, year2023.id]));
    // Remembered for the next visit.
    expect(localStorage.getItem('duban.programme')).toBe(year2023.id);
    localStorage.removeItem('duban.programme');
  });

  it('saves the template as a new version and shows the server’s reason under the field it names', async () => {
    const bodies: { milestones: { after: string[] }[] }[] = [];
    server.use(
      http.get(`${API}/programmes`, () => HttpResponse.json([year2027])),
      http.get(`${API}/programme-templates`, () => HttpResponse.json([template])),
      http.get(`${API}/programme-templates/gig-markets`, () =>
        HttpResponse.json({ latest: template, versions: [template] }),
      ),
      http.get(`${API}/regions`, () => HttpResponse.json([])),
      http.put(`${API}/programme-templates/gig-markets`, async ({ request }) => {
        bodies.push((await request.json()) as (typeof bodies)[number]);
        return problem(400, '计划模板有误', [
          { field: 'milestones.0.due', message: '节点 plan 的日期 02-30 不在计划年度内（该年没有这一天）' },
        ]);
      }),
    );
    renderApp('/programmes', USERS.province);
    // A lazy page, its lists and an antd form: slow in jsdom on a busy machine.
    const due = await screen.findByLabelText('节点 1 到期', {}, { timeout: 90_000 });
    await fill(userEvent.setup(), due, '02-30');
    await userEvent.click(screen.getByRole('button', { name: '保存为新版本' }));
    expect(await screen.findByText('节点 plan 的日期 02-30 不在计划年度内（该年没有这一天）')).toBeInTheDocument();
    expect(bodies).toHaveLength(1);
    // What the form does not show travels unchanged.
    expect(bodies[0]).toMatchObject({
      milestones: [{ key: 'plan', due: '02-30' }, { key: 'site' }, { key: 'push', after: ['plan', 'site'] }],
      fundingSources: template.fundingSources,
      reminderPolicy: { beforeDue: { workingDaysBefore: [7, 3, 1] } },
    });
  }, 300_000);
});
