import { screen, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { PROGRAMME, PROJECT_ID } from '../county/county-fixtures';
import { API, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import type { FlaggedExpenditure } from './funding-api';

const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

const flagged = (overrides: Partial<FlaggedExpenditure>): FlaggedExpenditure => ({
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
  regionCode: '141124',
  regionName: '临县',
  cityName: '吕梁市',
  ...overrides,
});

describe('待核实支出', () => {
  it('lists the city’s counties’ flagged expenditures, open and reversed, each linking to its county’s 资金', async () => {
    server.use(
      http.get(`${API}/programmes`, () => HttpResponse.json([PROGRAMME])),
      http.get(`${API}/funding/annex4`, () =>
        HttpResponse.json({ message: 'not asked in this test' }, { status: 404 }),
      ),
      http.get(`${API}/funding/flagged-expenditures`, ({ request }) => {
        const query = new URL(request.url).searchParams;
        expect([query.get('region'), query.get('programme')]).toEqual(['141100', PROGRAMME.code]);
        return HttpResponse.json({
          programmeCode: PROGRAMME.code,
          truncated: false,
          items: [
            flagged({}),
            flagged({
              id: '6f1c0a4e-0000-4000-8000-0000000e0003',
              regionCode: '141102',
              regionName: '离石区',
              payee: '离石装饰公司',
              reversedById: '6f1c0a4e-0000-4000-8000-0000000e0004',
            }),
          ],
        });
      }),
    );
    renderApp('/funding', USERS.lvliang);

    await user.click(await screen.findByRole('tab', { name: '待核实支出' }));
    const open = within((await screen.findByText('临县装饰公司')).closest('tr') as HTMLElement);
    expect(open.getByText('待核实')).toBeInTheDocument();
    expect(open.getByText(/就业资金不能用于场地装修/)).toBeInTheDocument();
    expect(open.getByText('2.50万元')).toBeInTheDocument();
    expect(open.getByRole('link', { name: '吕梁市 临县' })).toHaveAttribute('href', `/projects/${PROJECT_ID}/funding`);
    const reversed = within(screen.getByText('离石装饰公司').closest('tr') as HTMLElement);
    expect(reversed.getByText('已冲销')).toBeInTheDocument();
  });
});
