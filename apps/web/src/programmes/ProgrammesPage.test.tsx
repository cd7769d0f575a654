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
  createdAt: '2026-11-30T02:00:00.000Z',
  createdBy: 'province',
  createdByName: '省人社厅',
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

  it('edits the template (a milestone added and one removed, a funding source and its categories, the policy), confirms, and shows the service’s reasons under the fields, keeping what was typed', async () => {
    const bodies: TemplateBody[] = [];
    server.use(
      http.get(`${API}/programmes`, () => HttpResponse.json([year2027])),
      http.get(`${API}/programme-templates`, () => HttpResponse.json([template])),
      http.get(`${API}/programme-templates/gig-markets`, () =>
        HttpResponse.json({ latest: template, versions: [template] }),
      ),
      http.get(`${API}/regions`, () => HttpResponse.json([])),
      http.put(`${API}/programme-templates/gig-markets`, async ({ request }) => {
        bodies.push((await request.json()) as TemplateBody);
        return problem(400, '计划模板有误', [
          { field: 'milestones.2.due', message: '节点 check 的日期 02-30 不在计划年度内（该年没有这一天）' },
          { field: 'milestones.0.after', message: '前置节点成环：plan → check → plan' },
        ]);
      }),
    );
    renderApp('/programmes', USERS.province);
    const user = userEvent.setup();
    // A lazy page, its lists and an antd form: slow in jsdom on a busy machine.
    await screen.findByLabelText('节点 1 到期', {}, { timeout: 90_000 });
    // Who saved the version in use, by name.
    expect(screen.getByText(/第 1 版（省人社厅 保存）/)).toBeInTheDocument();

    // push goes; a new milestone check comes after site; plan waits for check (a cycle the service finds).
    await user.click(screen.getByRole('button', { name: '删除节点 3' }));
    expect(screen.queryByLabelText('节点 3 到期')).toBeNull();
    await user.click(screen.getByRole('button', { name: '添加节点' }));
    await fill(user, screen.getByLabelText('节点 3 代码'), 'check');
    await fill(user, screen.getByLabelText('节点 3 名称'), '县级自查');
    await fill(user, screen.getByLabelText('节点 3 到期'), '02-30');
    // Prerequisites by name (the code beside it); a milestone is not offered as its own.
    await pick(user, '节点 3 前置', '完成选址（site）');
    expect(await offeredIn(user, '节点 1 前置')).toEqual(['完成选址（site）', '县级自查（check）']);
    await pick(user, '节点 1 前置', '县级自查（check）');

    // The employment fund joins, for training only.
    await user.click(screen.getByRole('button', { name: '添加资金来源' }));
    await pick(user, '资金来源 2', '就业资金');
    await pick(user, '资金来源 2 可列支类别', '培训');

    await fill(user, screen.getByLabelText('月报截止日'), '20');
    await fill(user, screen.getByLabelText('验收合格分'), '70.5');
    await fill(user, screen.getByLabelText('逾期上报市局'), '3');

    // Cancelling the confirmation sends nothing.
    await user.click(screen.getByRole('button', { name: '保存为新版本' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getAllByText('保存为第 2 版？').length).toBeGreaterThan(0);
    await user.click(within(dialog).getByRole('button', { name: /^取\s*消$/ }));
    expect(bodies).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: '保存为新版本' }));
    // A new confirmation (the cancelled one may linger hidden in the document).
    const confirm = (await screen.findAllByRole('dialog')).at(-1) as HTMLElement;
    await user.click(within(confirm).getByRole('button', { name: /^保\s*存$/ }));
    expect(await screen.findByText('节点 check 的日期 02-30 不在计划年度内（该年没有这一天）')).toBeInTheDocument();
    expect(screen.getByText('前置节点成环：plan → check → plan')).toBeInTheDocument();
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({
      milestones: [
        { key: 'plan', after: ['check'] },
        { key: 'site' },
        { key: 'check', title: '县级自查', due: '02-30', after: ['site'] },
      ],
      fundingSources: [
        { source: 'city', allowedCategories: ['other'] },
        { source: 'province_employment', allowedCategories: ['training'] },
      ],
      reportDueDay: 20,
      passMark: 70.5,
      reminderPolicy: { beforeDue: { workingDaysBefore: [7, 3, 1] }, escalation: { afterWorkingDaysOverdue: 3 } },
    });
    expect(bodies[0]?.milestones).toHaveLength(3);
    // The version's own fields are not part of the definition sent.
    for (const key of ['version', 'createdBy', 'createdByName']) expect(bodies[0]).not.toHaveProperty(key);
    // What was typed stays, to be corrected.
    expect(screen.getByLabelText('节点 3 到期')).toHaveValue('02-30');
    expect(screen.getByLabelText('节点 3 名称')).toHaveValue('县级自查');
  }, 300_000);
});

type TemplateBody = {
  milestones: { key: string; after: string[] }[];
  fundingSources: unknown[];
};

/** The options of the select list open last. */
function openOptions(): Element[] {
  const open = [...document.querySelectorAll('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')].at(-1);
  return [...(open?.querySelectorAll('.ant-select-item-option') ?? [])];
}

/** What a select field offers, read with its list open (closed again after). */
async function offeredIn(user: ReturnType<typeof userEvent.setup>, label: string): Promise<(string | null)[]> {
  await user.click(screen.getByLabelText(label));
  const offered = await waitFor(() => {
    const options = openOptions();
    if (options.length === 0) throw new Error(`${label} offers nothing yet`);
    return options.map((item) => item.textContent);
  });
  await user.keyboard('{Escape}');
  return offered;
}

/** Chooses `option` in the antd Select labelled `label`. */
async function pick(user: ReturnType<typeof userEvent.setup>, label: string, option: string) {
  await user.click(screen.getByLabelText(label));
  const choice = await waitFor(() => {
    const found = openOptions().find((item) => item.textContent === option);
    if (!found) throw new Error(`no option ${option} in ${label}`);
    return found as HTMLElement;
  });
  await user.click(choice);
  await user.keyboard('{Escape}');
}
