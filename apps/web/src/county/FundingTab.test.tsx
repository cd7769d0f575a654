import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { API, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import type { Expenditure, Funding } from './county-api';
import { aFunding, pageAnswers, PROJECT_ID, ZHANGZHENYU } from './county-fixtures';

/** Puts text into a field at once (a paste): typing it key by key re-renders the whole form per key. */
async function fill(field: HTMLElement, text: string) {
  await userEvent.click(field);
  await userEvent.paste(text);
}

const MISMATCH = {
  code: 'source_category_mismatch',
  message: '就业资金不能用于场地装修（仅限培训、就业服务、服务人员）',
} as const;

function anExpenditure(overrides: Partial<Expenditure> = {}): Expenditure {
  return {
    id: '6f1c0a4e-0000-4000-8000-0000000e0001',
    projectId: PROJECT_ID,
    source: 'province_special',
    category: 'hardware',
    amountWan: '12.50',
    date: '2023-06-01',
    payee: '临县恒达电子',
    note: '服务终端',
    attachmentRef: null,
    flags: [],
    recordedBy: 'linxian',
    recordedByName: '刘星',
    recordedAt: '2023-06-01T02:00:00.000Z',
    reversesId: null,
    reversedById: null,
    reason: null,
    ...overrides,
  };
}

/** 临县: 10.00 + 50.00 = 60.00万元 from the province (DESIGN), 12.50 spent on hardware. */
function lin(expenditures: Expenditure[]): Funding {
  const funding = aFunding();
  return {
    ...funding,
    expenditures,
    expenditureCount: expenditures.length,
    totals: {
      bySource: [
        {
          source: 'province_special',
          allocatedWan: '10.00',
          disbursedWan: '10.00',
          spentWan: '12.50',
          executionRate: '1.2500',
        },
        {
          source: 'province_employment',
          allocatedWan: '50.00',
          disbursedWan: '0.00',
          spentWan: '0.00',
          executionRate: '0.0000',
        },
        { source: 'city', allocatedWan: '0.00', disbursedWan: '0.00', spentWan: '0.00', executionRate: null },
        { source: 'county', allocatedWan: '0.00', disbursedWan: '0.00', spentWan: '0.00', executionRate: null },
      ],
      all: { allocatedWan: '60.00', disbursedWan: '10.00', spentWan: '12.50', executionRate: '0.2083' },
    },
  };
}

describe('资金', () => {
  it('shows money in 万元 and records an expenditure, showing the flag the service raised', async () => {
    const expenditures = [anExpenditure()];
    const recorded: unknown[] = [];
    server.use(
      http.get(`${API}/projects/${PROJECT_ID}/funding`, () => HttpResponse.json(lin(expenditures))),
      http.post(`${API}/projects/${PROJECT_ID}/expenditures`, async ({ request }) => {
        const body = (await request.json()) as Expenditure;
        recorded.push(body);
        const saved = anExpenditure({ ...body, id: '6f1c0a4e-0000-4000-8000-0000000e0002', flags: [MISMATCH] });
        expenditures.push(saved);
        return HttpResponse.json(saved, { status: 201 });
      }),
      ...pageAnswers(),
    );
    renderApp(`/projects/${PROJECT_ID}/funding`, USERS.linxian);

    const bySource = within((await screen.findByText('分资金来源')).closest('.ant-card') as HTMLElement);
    expect(bySource.getByText('财政专项资金').closest('tr')).toHaveTextContent('财政专项资金10.0010.0012.50125.00%');
    expect(bySource.getByText('就业资金').closest('tr')).toHaveTextContent('就业资金50.000.000.000.00%');
    expect(screen.getByText('12.50万元')).toBeInTheDocument();
    expect(screen.getByText('20.83%')).toBeInTheDocument();
    // Who recorded it, by name, at Shanghai's time.
    expect(screen.getByText('刘星 2023-06-01 10:00')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: '新增支出' }));
    // Queries stay inside the form: role queries over the whole page (tables included) are slow in jsdom.
    const form = within(screen.getByText('新增支出').closest('.ant-card') as HTMLElement);
    const date = form.getByLabelText('支出日期');
    await userEvent.clear(date);
    await fill(date, '2023-07-15');
    await userEvent.tab();
    await fill(form.getByLabelText('金额（万元）'), '2.5');
    await userEvent.click(form.getByLabelText('资金来源'));
    await userEvent.click(await screen.findByTitle('就业资金'));
    await userEvent.click(form.getByLabelText('支出类别'));
    await userEvent.click(await screen.findByTitle('场地装修'));
    await fill(form.getByLabelText('收款单位'), '临县装饰公司');
    await userEvent.click(form.getByRole('button', { name: '登记支出' }));

    const notice = await screen.findByText('已登记支出 2.5万元（就业资金，场地装修）');
    expect(within(notice.closest('.ant-alert') as HTMLElement).getByText(MISMATCH.message)).toBeInTheDocument();
    expect(recorded).toEqual([
      {
        date: '2023-07-15',
        amountWan: '2.5',
        source: 'province_employment',
        category: 'fit_out',
        payee: '临县装饰公司',
        note: '',
      },
    ]);
    // The list is read again and carries the flag on the new row.
    await waitFor(() => expect(screen.getByText('临县装饰公司').closest('tr')).toHaveTextContent(MISMATCH.message));
  });

  it('says when the ledger is longer than the latest entries it lists', async () => {
    server.use(
      http.get(`${API}/projects/${PROJECT_ID}/funding`, () =>
        HttpResponse.json({ ...lin([anExpenditure()]), expenditureCount: 250 }),
      ),
      ...pageAnswers(),
    );
    renderApp(`/projects/${PROJECT_ID}/funding`, USERS.linxian);
    const card = (await screen.findByText('显示最近 1 笔，共 250 笔')).closest('.ant-card') as HTMLElement;
    expect(within(card).getByText('临县恒达电子')).toBeInTheDocument();
  });

  it('gives a leading-group member no 新增支出', async () => {
    server.use(
      http.get(`${API}/projects/${PROJECT_ID}/funding`, () => HttpResponse.json(aFunding())),
      ...pageAnswers(),
    );
    renderApp(`/projects/${PROJECT_ID}/funding`, ZHANGZHENYU);
    expect(await screen.findByText('尚无支出记录')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '新增支出' })).not.toBeInTheDocument();
  });
});
