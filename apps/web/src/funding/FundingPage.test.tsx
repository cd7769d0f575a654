import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { CalculatorResult } from '@duban/contracts';
import { PROGRAMME } from '../county/county-fixtures';
import { API, fill, press, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import type { Annex4 } from './funding-api';

const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

/** 附件4 of the province with one 吕梁 county, 临县, holding `specialWan` of the special fund. */
function annex4(specialWan: string): Annex4 {
  const total = (Number(specialWan) + 50).toFixed(2);
  return {
    programmeCode: PROGRAMME.code,
    programmeYear: 2023,
    regionCode: '140000',
    regionName: '山西省',
    total: {
      counties: 1,
      population: 34804758,
      populationBasis: 'region',
      populationSources: ['山西统计年鉴-2022'],
      countiesPopulation: 566000,
      specialWan,
      employmentWan: '50.00',
      totalWan: total,
      cityWan: '0.00',
      countyWan: '0.00',
    },
    rows: [
      {
        number: 1,
        projectId: '6f1c0a4e-0000-4000-8000-000000000001',
        cityName: '吕梁市',
        regionCode: '141124',
        countyName: '临县',
        population: 566000,
        populationSource: '第七次人口普查',
        specialWan,
        employmentWan: '50.00',
        totalWan: total,
        cityWan: '0.00',
        countyWan: '0.00',
      },
    ],
  };
}

function result(committed: boolean): CalculatorResult {
  return {
    programmeCode: PROGRAMME.code,
    source: 'province_special',
    totalWan: '88.00',
    counties: 1,
    lowestWan: '88.00',
    highestWan: '88.00',
    lines: [
      {
        projectId: '6f1c0a4e-0000-4000-8000-000000000001',
        regionCode: '141124',
        regionName: '临县',
        cityName: '吕梁市',
        population: 566000,
        fixed: false,
        amountWan: '88.00',
        previousWan: '10.00',
      },
    ],
    committed,
  };
}

describe('资金管理', () => {
  it('lets the province preview the calculator for 吕梁, commit it after confirming, and shows 附件4 changed', async () => {
    let special = '10.00';
    const rules: { path: string; body: unknown }[] = [];
    server.use(
      http.get(`${API}/programmes`, () => HttpResponse.json([PROGRAMME])),
      http.get(`${API}/funding/annex4`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('region')).toBe('140000');
        return HttpResponse.json(annex4(special));
      }),
      http.post(`${API}/funding/calculator/:step`, async ({ request, params }) => {
        rules.push({ path: String(params['step']), body: await request.json() });
        if (params['step'] === 'commit') special = '88.00';
        return HttpResponse.json(result(params['step'] === 'commit'));
      }),
    );
    renderApp('/funding', USERS.province);

    const table = await screen.findByRole('table');
    expect(within(table).getAllByText('10.00')).toHaveLength(2);
    await user.click(screen.getByRole('tab', { name: '测算分配' }));
    await user.click(screen.getByLabelText('分配范围'));
    await user.click(await screen.findByTitle('吕梁市'));
    await fill(user, screen.getByLabelText('分配总额（万元）'), '88');
    await press(user, '测算预览');

    expect(await screen.findByText('测算结果（尚未提交）')).toBeInTheDocument();
    await press(user, '提交分配');
    const confirm = await screen.findByRole('dialog');
    expect(confirm).toHaveTextContent('不可撤销');
    expect(rules.map((rule) => rule.path)).toEqual(['preview']);
    await user.click(within(confirm).getByText('确认提交').closest('button') as HTMLElement);

    expect(await screen.findByText(/已提交：财政专项资金 88.00万元分配给 1 个县/)).toBeInTheDocument();
    const rule = {
      programmeCode: PROGRAMME.code,
      source: 'province_special',
      weighting: 'population',
      region: '141100',
      totalWan: '88',
    };
    expect(rules).toEqual([
      { path: 'preview', body: rule },
      { path: 'commit', body: rule },
    ]);
    await user.click(screen.getByRole('tab', { name: /附件4/ }));
    await waitFor(() => expect(within(screen.getByRole('table')).getAllByText('88.00')).toHaveLength(2));
  });

  it('shows the calculator’s refusal under the field it names and keeps what was typed', async () => {
    server.use(
      http.get(`${API}/programmes`, () => HttpResponse.json([PROGRAMME])),
      http.get(`${API}/funding/annex4`, () => HttpResponse.json(annex4('10.00'))),
      http.post(`${API}/funding/calculator/preview`, () =>
        problem(400, '请求参数不正确', [{ field: 'minWan', message: '每县下限乘以县数超过了分配总额' }]),
      ),
    );
    renderApp('/funding', USERS.province);

    await user.click(await screen.findByRole('tab', { name: '测算分配' }));
    await fill(user, screen.getByLabelText('每县下限（万元）'), '500');
    await press(user, '测算预览');

    expect(await screen.findByText('每县下限乘以县数超过了分配总额')).toBeInTheDocument();
    expect(screen.getByLabelText('每县下限（万元）')).toHaveValue('500');
    expect(screen.getByText('提交分配').closest('button')).toBeDisabled();
  });

  it('shows a city its 附件4 without the province’s budget and calculator', async () => {
    server.use(
      http.get(`${API}/programmes`, () => HttpResponse.json([PROGRAMME])),
      http.get(`${API}/funding/annex4`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('region')).toBe('141100');
        return HttpResponse.json({ ...annex4('10.00'), regionCode: '141100', regionName: '吕梁市' });
      }),
    );
    renderApp('/funding', USERS.lvliang);

    expect(await screen.findByText('吕梁市合计（1 个县）')).toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: '测算分配' })).not.toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: '预算' })).not.toBeInTheDocument();
  });
});
