import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { aProject, pageAnswers, PROJECT_ID } from '../county/county-fixtures';
import { API, press, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import type { Agenda } from './agenda-api';

const SITE = '6f1c0a4e-0000-4000-8000-0000000c0001';
const INSTRUCTION = '6f1c0a4e-0000-4000-8000-0000000d0001';

function anAgenda(overrides: Partial<Agenda> = {}): Agenda {
  return {
    projectId: PROJECT_ID,
    today: '2023-05-11',
    upcoming: [
      {
        kind: 'report',
        milestoneId: null,
        month: '2023-05',
        title: '2023年5月月报',
        dueAt: '2023-05-25T16:00:00.000Z',
        dueDay: '2023-05-25',
        exact: false,
        workingDays: 10,
      },
      {
        kind: 'milestone',
        milestoneId: SITE,
        month: null,
        title: '召开零工市场建设调度会',
        // An added milestone, due at 18:30 today.
        dueAt: '2023-05-11T10:30:00.000Z',
        dueDay: '2023-05-11',
        exact: true,
        workingDays: 0,
      },
    ],
    overdue: [
      {
        kind: 'milestone',
        milestoneId: SITE,
        month: null,
        title: '完成选址',
        dueAt: '2023-03-31T16:00:00.000Z',
        dueDay: '2023-03-31',
        exact: false,
        workingDays: 27,
      },
    ],
    returnedReports: [
      {
        reportId: '6f1c0a4e-0000-4000-8000-0000000e0001',
        month: '2023-04',
        returnedAt: '2023-05-11T02:00:00.000Z',
        returnedBy: { username: 'lvliang', displayName: '吕梁市人社局' },
        comment: '请写明选址地址',
        resubmitBy: '2023-05-18',
      },
    ],
    instructions: [
      {
        id: INSTRUCTION,
        milestoneId: SITE,
        milestoneTitle: '完成选址',
        text: '请县政府专题研究选址',
        writtenAt: '2023-05-11T03:00:00.000Z',
        writtenBy: { username: 'province', displayName: '省人社厅', role: 'province_admin' },
        acknowledgedAt: null,
        acknowledgedBy: null,
      },
    ],
    urges: [
      {
        id: '6f1c0a4e-0000-4000-8000-0000000f0001',
        milestoneId: SITE,
        milestoneTitle: '完成选址',
        message: '本周内完成选址',
        urgedAt: '2023-05-11T03:05:00.000Z',
        urgedBy: { username: 'lvliang', displayName: '吕梁市人社局', role: 'city_officer' },
      },
    ],
    ...overrides,
  };
}

const card = (title: RegExp) => screen.getByText(title).closest<HTMLElement>('.ant-card')!;

describe('the county officer’s home', () => {
  it('lands on the agenda in working days, then the 附件1 form', async () => {
    server.use(
      ...pageAnswers(),
      http.get(`${API}/projects`, () => HttpResponse.json([aProject()])),
      http.get(`${API}/projects/${PROJECT_ID}/agenda`, () => HttpResponse.json(anAgenda())),
    );
    renderApp('/', USERS.linxian);

    expect(await screen.findByText('即将到期（2）')).toBeInTheDocument();
    const upcoming = card(/即将到期/);
    expect(within(upcoming).getByText('还剩 10 个工作日')).toBeInTheDocument();
    expect(within(upcoming).getByText('今天到期')).toBeInTheDocument();
    // A date, or the minute of an exact instant (Beijing time; the tests' browser is in New York).
    expect(within(upcoming).getByText('期限 2023-05-25')).toBeInTheDocument();
    expect(within(upcoming).getByText('期限 2023-05-11 18:30')).toBeInTheDocument();
    expect(within(upcoming).getByRole('link', { name: '2023年5月月报' })).toHaveAttribute(
      'href',
      `/projects/${PROJECT_ID}/reports`,
    );

    const overdue = card(/已逾期/);
    expect(within(overdue).getByText('逾期 27 个工作日')).toBeInTheDocument();
    expect(within(overdue).getByRole('link', { name: '完成选址' })).toHaveAttribute(
      'href',
      `/projects/${PROJECT_ID}/milestones/${SITE}`,
    );
    expect(within(overdue).getByText('期限 2023-03-31，至今未完成')).toBeInTheDocument();

    const returned = card(/被退回的月报/);
    expect(within(returned).getByText('请于 2023-05-18 前重新报送')).toBeInTheDocument();
    expect(
      within(returned).getByText('吕梁市人社局 于 2023-05-11 10:00 退回，意见：请写明选址地址'),
    ).toBeInTheDocument();

    const asked = card(/批示和催办（2）/);
    expect(within(asked).getByText('请县政府专题研究选址')).toBeInTheDocument();
    expect(within(asked).getByText('本周内完成选址 · 吕梁市人社局 · 2023-05-11 11:05')).toBeInTheDocument();

    // Then the month's 附件1 row, editable as on the project page.
    expect(card(/概况（附件1）/)).toBeInTheDocument();
    expect(await screen.findByLabelText('项目详细地址')).toHaveValue('临县城区');
  });

  it('acknowledges an instruction and reads the agenda again', async () => {
    const acknowledged: string[] = [];
    let agenda = anAgenda();
    server.use(
      ...pageAnswers(),
      http.get(`${API}/projects`, () => HttpResponse.json([aProject()])),
      http.get(`${API}/projects/${PROJECT_ID}/agenda`, () => HttpResponse.json(agenda)),
      http.post(`${API}/instructions/${INSTRUCTION}/acknowledge`, () => {
        acknowledged.push(INSTRUCTION);
        const instruction = { ...agenda.instructions[0]!, acknowledgedAt: '2023-05-11T04:00:00.000Z' };
        agenda = anAgenda({ instructions: [] });
        return HttpResponse.json(instruction);
      }),
    );
    const user = userEvent.setup();
    renderApp('/', USERS.linxian);
    await screen.findByText('请县政府专题研究选址');
    await press(user, '确认收到');
    await waitFor(() => expect(screen.queryByText('请县政府专题研究选址')).not.toBeInTheDocument());
    expect(acknowledged).toEqual([INSTRUCTION]);
    expect(screen.getByText('批示和催办（1）')).toBeInTheDocument();
  });

  it('shows the service’s reason when the instruction was acknowledged by someone else', async () => {
    server.use(
      ...pageAnswers(),
      http.get(`${API}/projects`, () => HttpResponse.json([aProject()])),
      http.get(`${API}/projects/${PROJECT_ID}/agenda`, () => HttpResponse.json(anAgenda())),
      http.post(`${API}/instructions/${INSTRUCTION}/acknowledge`, () =>
        problem(409, '该批示已由刘星于 2023年5月11日 12:00 签收'),
      ),
    );
    const user = userEvent.setup();
    renderApp('/', USERS.linxian);
    await screen.findByText('请县政府专题研究选址');
    await press(user, '确认收到');
    expect(await screen.findByText('该批示已由刘星于 2023年5月11日 12:00 签收')).toBeInTheDocument();
  });
});
