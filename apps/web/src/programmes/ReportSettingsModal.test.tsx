import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { PROGRAMME } from '../county/county-fixtures';
import { API, fill, press, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';

const year2027 = {
  ...PROGRAMME,
  id: '6f1c0a4e-0000-4000-8000-0000000a2027',
  code: 'gig-markets-2027-140000',
  year: 2027,
  projectCount: 13,
  reportDueDay: 25,
  reportResubmitWorkingDays: 3,
  reportReminderPlan: null,
};

/** The 年度计划 page's other reads, answered empty: only the report settings are under test. */
const pageReads = [
  http.get(`${API}/programme-templates`, () => HttpResponse.json([])),
  http.get(`${API}/regions`, () => HttpResponse.json([])),
];

describe('月报设置 (province)', () => {
  it('shows the programme’s settings, keeps what was typed under the server’s reason, then saves', async () => {
    const bodies: unknown[] = [];
    let refuse = true;
    server.use(
      ...pageReads,
      http.get(`${API}/programmes`, () => HttpResponse.json([year2027])),
      http.put(`${API}/programmes/${year2027.id}/report-settings`, async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        bodies.push(body);
        if (refuse) {
          refuse = false;
          return problem(400, '月报设置有误', [{ field: 'reportReminderPlan.0', message: '不是有效的 ISO 8601 时长' }]);
        }
        return HttpResponse.json({ ...year2027, ...body });
      }),
    );
    const user = userEvent.setup();
    renderApp('/programmes', USERS.province);
    await user.click(await screen.findByRole('button', { name: '月报设置' }, { timeout: 90_000 }));

    const day = await screen.findByLabelText('月报截止日（每月几日，当日24时截止）');
    expect(day).toHaveValue('25');
    expect(screen.getByLabelText('退回后重新报送期限（工作日）')).toHaveValue('3');
    expect(screen.getByRole('radio', { name: '按计划的提醒规则' })).toBeChecked();

    await fill(user, day, '20');
    await fill(user, screen.getByLabelText('退回后重新报送期限（工作日）'), '5');
    await user.click(screen.getByRole('radio', { name: '指定提醒时间' }));
    const plan = await screen.findByRole('combobox', { name: '提醒时间（相对截止时刻）' });
    await user.type(plan, '-P2X{enter}');
    await press(user, '保 存');

    // Under the field, naming which time it is about.
    expect(await screen.findByText('第 1 个提醒时间：不是有效的 ISO 8601 时长')).toBeInTheDocument();
    // What was typed stays.
    expect(screen.getByLabelText('月报截止日（每月几日，当日24时截止）')).toHaveValue('20');
    expect(bodies).toEqual([{ reportDueDay: 20, reportResubmitWorkingDays: 5, reportReminderPlan: ['-P2X'] }]);

    // Replace the bad offset with 截止前 1 天 and 截止时刻.
    await user.type(plan, '{backspace}');
    await user.click(await screen.findByText('截止前 1 天'));
    await user.click(await screen.findByText('截止时刻'));
    await press(user, '保 存');

    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies[1]).toEqual({ reportDueDay: 20, reportResubmitWorkingDays: 5, reportReminderPlan: ['-P1D', 'PT0S'] });
    await waitFor(() => expect(screen.queryByLabelText('月报截止日（每月几日，当日24时截止）')).toBeNull());
  }, 300_000);

  it('is not offered to a city officer', async () => {
    server.use(
      ...pageReads,
      http.get(`${API}/programmes`, () => HttpResponse.json([year2027])),
    );
    renderApp('/programmes', USERS.lvliang);
    expect(await screen.findByText('2027', {}, { timeout: 90_000 })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '月报设置' })).toBeNull();
  }, 300_000);
});
