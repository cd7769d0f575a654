import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { EvaluationSettingsView, RubricVersionView } from '@duban/contracts';
import { PROGRAMME } from '../county/county-fixtures';
import { rubric, RUBRIC_ID } from '../inspection/inspection-factory';
import { API, fill, press, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';

const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

const SETTINGS: EvaluationSettingsView = {
  programmeId: PROGRAMME.id,
  programmeCode: PROGRAMME.code,
  passThreshold: 60,
  rubricCode: null,
  rubric: { id: RUBRIC_ID, code: 'gig-market-checklist', version: 2, title: '建设暨评价标准清单', total: 100 },
  updatedAt: '2023-01-01T00:00:00.000Z',
};
const version = (n: number, id: string): RubricVersionView => ({
  id,
  code: 'gig-market-checklist',
  version: n,
  title: '建设暨评价标准清单',
  total: 100,
  contentHash: `${n}`.repeat(64),
  createdAt: `2023-0${n}-01T00:00:00.000Z`,
  sectionCount: 4,
  itemCount: 15,
});
const VERSIONS = [version(2, RUBRIC_ID), version(1, '0195d000-0000-7000-8000-000000000002')];

function serve(put: (body: unknown) => Response | Promise<Response>) {
  server.use(
    http.get(`${API}/programmes`, () => HttpResponse.json([PROGRAMME])),
    http.get(`${API}/programmes/${PROGRAMME.id}/evaluation-settings`, () => HttpResponse.json(SETTINGS)),
    http.put(`${API}/programmes/${PROGRAMME.id}/evaluation-settings`, async ({ request }) => put(await request.json())),
    http.get(`${API}/rubrics`, () => HttpResponse.json({ items: VERSIONS })),
    http.get(`${API}/rubrics/${RUBRIC_ID}`, () => HttpResponse.json(rubric())),
  );
}

describe('验收设置', () => {
  it('shows the pass mark and rubric in use, saves a new pass mark and a pinned rubric', async () => {
    const saved: unknown[] = [];
    serve((body) => {
      saved.push(body);
      return HttpResponse.json({ ...SETTINGS, passThreshold: 75.5, rubricCode: 'gig-market-checklist' });
    });
    renderApp('/evaluation', USERS.province);

    const mark = await screen.findByLabelText('合格线（分）');
    expect(mark).toHaveValue('60');
    expect(screen.getByText(/建设暨评价标准清单（gig-market-checklist 第 2 版，满分 100 分）/)).toBeInTheDocument();
    await fill(user, mark, '75.5');
    await user.click(screen.getByLabelText('评分标准'));
    await user.click(await screen.findByText('建设暨评价标准清单（gig-market-checklist，最新版本）'));
    await press(user, '保 存');

    await waitFor(() => expect(saved).toEqual([{ passThreshold: 75.5, rubricCode: 'gig-market-checklist' }]));
    expect(await screen.findByText('验收设置已保存')).toBeInTheDocument();
  });

  it('shows the service’s reason under the pass mark and keeps what was typed', async () => {
    serve(() =>
      problem(400, '请求参数不正确', [{ field: 'passThreshold', message: '合格线不能超过评分标准总分 100 分' }]),
    );
    renderApp('/evaluation', USERS.province);

    const mark = await screen.findByLabelText('合格线（分）');
    await fill(user, mark, '120');
    await press(user, '保 存');
    expect(await screen.findByText('合格线不能超过评分标准总分 100 分')).toBeInTheDocument();
    expect(mark).toHaveValue('120');
  });

  it('lists the rubric versions and shows one in full', async () => {
    serve(() => HttpResponse.json(SETTINGS));
    renderApp('/evaluation', USERS.province);

    const newest = within((await screen.findByText('第 2 版')).closest('tr') as HTMLElement);
    expect(newest.getByText('4 / 15')).toBeInTheDocument();
    expect(screen.getByText('第 1 版')).toBeInTheDocument();
    await user.click(newest.getByText('查 看').closest('button') as HTMLElement);
    const drawer = within(await screen.findByRole('dialog'));
    expect(await drawer.findByText(/一、调研论证（15 分）/)).toBeInTheDocument();
    expect(drawer.getByText(/内容校验值 2222222222222222…/)).toBeInTheDocument();
  });
});
