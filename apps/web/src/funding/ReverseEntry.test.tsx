import { screen, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { Expenditure } from '../county/county-api';
import { aFunding, pageAnswers, PROJECT_ID } from '../county/county-fixtures';
import { API, fill, press, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';

const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

const SPENT: Expenditure = {
  id: '6f1c0a4e-0000-4000-8000-0000000e0001',
  projectId: PROJECT_ID,
  source: 'province_employment',
  category: 'fit_out',
  amountWan: '2.50',
  date: '2023-07-15',
  payee: '临县装饰公司',
  note: '',
  attachmentRef: null,
  flags: [{ code: 'source_category_mismatch', message: '就业资金不能用于场地装修（仅限培训、就业服务、服务人员）' }],
  recordedBy: 'linxian',
  recordedByName: '刘星',
  recordedAt: '2023-07-15T02:00:00.000Z',
  reversesId: null,
  reversedById: null,
  reason: null,
};
const REVERSAL: Expenditure = {
  ...SPENT,
  id: '6f1c0a4e-0000-4000-8000-0000000e0002',
  amountWan: '-2.50',
  date: '2023-07-20',
  flags: [],
  recordedBy: 'lvliang',
  recordedByName: '吕梁市人社局',
  reversesId: SPENT.id,
  reason: '来源选错，应为县级配套资金',
};

describe('冲销', () => {
  it('lets the city reverse a flagged expenditure after saying why, then shows it reversed', async () => {
    let expenditures = [SPENT];
    const reasons: unknown[] = [];
    server.use(
      http.get(`${API}/projects/${PROJECT_ID}/funding`, () =>
        HttpResponse.json(aFunding({ expenditures, expenditureCount: expenditures.length })),
      ),
      http.post(`${API}/expenditures/${SPENT.id}/reverse`, async ({ request }) => {
        reasons.push(await request.json());
        expenditures = [{ ...SPENT, reversedById: REVERSAL.id }, REVERSAL];
        return HttpResponse.json(REVERSAL, { status: 201 });
      }),
      ...pageAnswers(),
    );
    renderApp(`/projects/${PROJECT_ID}/funding`, USERS.lvliang);

    const row = within((await screen.findByText('临县装饰公司')).closest('tr') as HTMLElement);
    await user.click(row.getByText('冲 销').closest('button') as HTMLElement);
    const dialog = within(await screen.findByRole('dialog'));
    expect(dialog.getByText(/冲销后不可撤销/)).toBeInTheDocument();
    await fill(user, dialog.getByLabelText('冲销原因'), '来源选错，应为县级配套资金');
    await press(user, '确认冲销');

    expect(await screen.findByText('冲销：来源选错，应为县级配套资金')).toBeInTheDocument();
    expect(screen.getByText('已冲销')).toBeInTheDocument();
    expect(reasons).toEqual([{ reason: '来源选错，应为县级配套资金' }]);
    expect(screen.queryByText('冲 销')).not.toBeInTheDocument();
  });

  it('shows the service’s reason under the field and keeps the dialog with what was typed', async () => {
    server.use(
      http.get(`${API}/projects/${PROJECT_ID}/funding`, () =>
        HttpResponse.json(aFunding({ expenditures: [SPENT], expenditureCount: 1 })),
      ),
      http.post(`${API}/expenditures/${SPENT.id}/reverse`, () =>
        problem(400, '请求参数不正确', [{ field: 'reason', message: '不能为空' }]),
      ),
      ...pageAnswers(),
    );
    renderApp(`/projects/${PROJECT_ID}/funding`, USERS.lvliang);

    const row = within((await screen.findByText('临县装饰公司')).closest('tr') as HTMLElement);
    await user.click(row.getByText('冲 销').closest('button') as HTMLElement);
    const dialog = within(await screen.findByRole('dialog'));
    await fill(user, dialog.getByLabelText('冲销原因'), '   ');
    await press(user, '确认冲销');

    expect(await dialog.findByText('不能为空')).toBeInTheDocument();
    expect(dialog.getByLabelText('冲销原因')).toHaveValue('   ');
  });
});
