import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { API, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import type { Inspection } from './county-api';
import { OFFICERS, pageAnswers, PROJECT_ID } from './county-fixtures';

const INSPECTION: Inspection = {
  id: '6f1c0a4e-0000-4000-8000-0000000f0001',
  projectId: PROJECT_ID,
  programmeId: '6f1c0a4e-0000-4000-8000-0000000000aa',
  regionCode: '141124',
  regionName: '临县',
  projectName: '临县公益性零工市场',
  rubricId: '6f1c0a4e-0000-4000-8000-0000000f00aa',
  rubricVersion: 1,
  kind: 'inspection',
  reinspectionOf: null,
  status: 'inspector_signed',
  date: '2023-10-20',
  inspectors: ['inspector'],
  inspectorNames: ['吕梁市验收组'],
  openedBy: 'lvliang',
  total: 86.5,
  maxTotal: 100,
  sectionTotals: [],
  scoredCount: 15,
  toScoreCount: 15,
  passThreshold: 60,
  passed: null,
  signatures: {
    inspector: { name: '王验收', username: 'inspector', signedAt: '2023-10-20T08:00:00.000Z', contentHash: 'ab' },
    county: null,
  },
  cancellation: null,
  version: 2,
};

describe('领导小组 and 验收', () => {
  it('lists the leading group with their roles, and the inspections with a link to each', async () => {
    server.use(
      http.get(`${API}/projects/${PROJECT_ID}/officers`, () => HttpResponse.json(OFFICERS)),
      http.get(`${API}/projects/${PROJECT_ID}/inspections`, () => HttpResponse.json({ items: [INSPECTION] })),
      // The tab lists who answers for each milestone too.
      http.get(`${API}/projects/${PROJECT_ID}/milestones`, () => HttpResponse.json([])),
      ...pageAnswers(),
    );
    const { router } = renderApp(`/projects/${PROJECT_ID}/officers`, USERS.lvliang);

    const leader = within((await screen.findByText('张振宇')).closest('tr') as HTMLElement);
    expect(leader.getByText('组长')).toBeInTheDocument();
    expect(leader.getByText('县政府副县长')).toBeInTheDocument();
    expect(leader.getByText('zhangzhenyu')).toBeInTheDocument();
    expect(screen.getByText('李华').closest('tr')).toHaveTextContent('成员');

    await userEvent.click(screen.getByRole('tab', { name: '验收' }));
    expect(router.state.location.pathname).toBe(`/projects/${PROJECT_ID}/inspections`);
    const row = within((await screen.findByText('2023-10-20')).closest('tr') as HTMLElement);
    expect(row.getByText('验收组已签字，待县级会签')).toBeInTheDocument();
    expect(row.getByText('86.5 / 100')).toBeInTheDocument();
    expect(row.getByText('王验收')).toBeInTheDocument();
    expect(row.getByText('未签')).toBeInTheDocument();
    expect(row.getByRole('link', { name: '查看' })).toHaveAttribute('href', `/inspections/${INSPECTION.id}`);
  });

  it('shows an error with a retry when the leading group cannot be read', async () => {
    server.use(
      http.get(`${API}/projects/${PROJECT_ID}/officers`, () => problem(500, '服务器暂时无法处理')),
      // The tab also lists who answers for each milestone: that part reads fine.
      http.get(`${API}/projects/${PROJECT_ID}/milestones`, () => HttpResponse.json([])),
      ...pageAnswers(),
    );
    renderApp(`/projects/${PROJECT_ID}/officers`, USERS.linxian);
    expect(await screen.findByText('服务器暂时无法处理，请稍后重试')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /重\s*试/ })).toBeInTheDocument();
  });
});
