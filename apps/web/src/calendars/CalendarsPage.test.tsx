import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { API, renderApp, USERS } from '../test/render';
import { server } from '../test/server';

const summary = (year: number, loadedBy: string | null = null) => ({
  year,
  source: year === 2023 ? '国办发明电〔2022〕16号' : `chinese-days@1.5.7`,
  daysOff: 26,
  workdays: 7,
  loadedAt: loadedBy ? '2027-03-01T00:00:00.000Z' : null,
  loadedBy,
});

const year2023 = {
  ...summary(2023),
  daysOff: [
    { date: '2023-01-01', name: '元旦' },
    { date: '2023-01-02', name: '元旦' },
  ],
  workdays: [{ date: '2023-01-28', name: '春节' }],
  counts: { daysOff: 2, workdays: 1 },
};

const NOTICE = [
  '来源：国办发明电〔2026〕99号',
  '元旦：放假 2027-01-01',
  '测试假日：放假 2027-03-26；上班 2027-03-27',
].join('\n');

function noticeFile(text: string, name = '2027.txt'): File {
  return new File([text], name, { type: 'text/plain' });
}

describe('工作日历 (calendars page)', () => {
  it('lists the loaded years and shows a year’s days off and adjusted working days', async () => {
    server.use(
      http.get(`${API}/calendars`, () => HttpResponse.json({ items: [summary(2023), summary(2027, 'province')] })),
      http.get(`${API}/calendars/2023`, () => HttpResponse.json(year2023)),
    );
    renderApp('/calendars', USERS.lvliang);
    const row = (await screen.findByText('国办发明电〔2022〕16号')).closest('tr') as HTMLElement;
    expect(within(row).getByText('随系统发布')).toBeInTheDocument();
    expect(screen.getByText('2027-03-01 08:00（province）')).toBeInTheDocument();
    // Only the province administrator loads a year.
    expect(screen.queryByText('加载或替换某年的节假日安排')).not.toBeInTheDocument();

    await userEvent.click(within(row).getByRole('button', { name: '查看 2023' }));
    expect(await screen.findByText('放假日（2 天）')).toBeInTheDocument();
    expect(screen.getByText('调休上班日（1 天）')).toBeInTheDocument();
    const saturday = screen.getByText('2023-01-28').closest('tr') as HTMLElement;
    expect(within(saturday).getByText('星期六')).toBeInTheDocument();
    expect(within(saturday).getByText('春节')).toBeInTheDocument();
  });

  it('loads a year from a file after a preview and a confirmation, and says how many deadlines were re-planned', async () => {
    const bodies: unknown[] = [];
    let loaded = false;
    server.use(
      http.get(`${API}/calendars`, () =>
        HttpResponse.json({ items: [summary(2026), ...(loaded ? [summary(2027, 'province')] : [])] }),
      ),
      http.put(`${API}/calendars/:year`, async ({ request, params }) => {
        bodies.push({ year: params.year, ...((await request.json()) as object) });
        loaded = true;
        return HttpResponse.json({
          ...summary(2027, 'province'),
          daysOff: [
            { date: '2027-01-01', name: '元旦' },
            { date: '2027-03-26', name: '测试假日' },
          ],
          workdays: [{ date: '2027-03-27', name: '测试假日' }],
          counts: { daysOff: 2, workdays: 1 },
          previous: null,
          replannedDeadlines: 3,
        });
      }),
      http.get(`${API}/calendars/2027`, () =>
        HttpResponse.json({
          ...summary(2027, 'province'),
          daysOff: [{ date: '2027-01-01', name: '元旦' }],
          workdays: [],
          counts: { daysOff: 1, workdays: 0 },
        }),
      ),
    );
    renderApp('/calendars', USERS.province);
    await screen.findByText('加载或替换某年的节假日安排');
    // The next year after the last loaded one is proposed.
    expect(screen.getByLabelText('年份')).toHaveValue('2027');

    await userEvent.upload(screen.getByLabelText('通知文件'), noticeFile(NOTICE));
    expect(await screen.findByText('预览：2027.txt：放假 2 天，调休上班 1 天')).toBeInTheDocument();
    const saturday = screen.getByText('2027-03-27').closest('tr') as HTMLElement;
    expect(within(saturday).getByText('调休上班')).toBeInTheDocument();
    expect(within(saturday).getByText('星期六')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /加载 2027 年/ }));
    expect(bodies).toEqual([]); // nothing is sent before the confirmation
    await userEvent.click(await screen.findByRole('button', { name: /确\s?认/ }));
    await waitFor(() =>
      expect(bodies).toEqual([
        {
          year: '2027',
          daysOff: ['2027-01-01', '2027-03-26'],
          workdays: ['2027-03-27'],
          names: { '2027-01-01': '元旦', '2027-03-26': '测试假日', '2027-03-27': '测试假日' },
          source: '国办发明电〔2026〕99号',
        },
      ]),
    );
    expect(
      await screen.findByText('已加载 2027 年节假日安排：放假 2 天，调休上班 1 天；3 个未完成期限的提醒已重新排期'),
    ).toBeInTheDocument();
  });

  it('shows in the preview, in Chinese, why a file cannot be loaded, and does not offer to load it', async () => {
    server.use(http.get(`${API}/calendars`, () => HttpResponse.json({ items: [summary(2026)] })));
    renderApp('/calendars', USERS.province);
    await screen.findByText('加载或替换某年的节假日安排');
    await userEvent.upload(
      screen.getByLabelText('通知文件'),
      noticeFile('元旦：放假 2026-12-31、2027-01-01\n测试：上班 2027-03-24'),
    );
    const outside = (await screen.findByText('2026-12-31')).closest('tr') as HTMLElement;
    expect(within(outside).getByText('2026-12-31 不在 2027 年内')).toBeInTheDocument();
    const weekday = screen.getByText('2027-03-24').closest('tr') as HTMLElement;
    expect(within(weekday).getByText('2027-03-24 是星期三，调休上班日只能是星期六或星期日')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /加载 2027 年/ })).toBeDisabled();

    await userEvent.upload(screen.getByLabelText('通知文件'), noticeFile('春节 2027-02-06'));
    expect(await screen.findByText('第 1 行：应为“节日名称：放假 日期…；上班 日期…”')).toBeInTheDocument();
  });

  it('puts the server’s reasons of a 400 under the fields and the rows they name', async () => {
    server.use(
      http.get(`${API}/calendars`, () => HttpResponse.json({ items: [summary(2026), summary(2027, 'province')] })),
      http.put(`${API}/calendars/:year`, () =>
        HttpResponse.json(
          {
            status: 400,
            title: 'Bad Request',
            code: 'validation_failed',
            detail: '节假日安排有误，未加载',
            errors: [
              { field: 'workdays.0', message: '2027-03-27 同时列为放假日和调休上班日' },
              { field: 'source', message: '不能超过 200 个字符' },
            ],
          },
          { status: 400, headers: { 'content-type': 'application/problem+json' } },
        ),
      ),
    );
    renderApp('/calendars', USERS.province);
    await screen.findByText('加载或替换某年的节假日安排');
    await userEvent.clear(screen.getByLabelText('年份'));
    await userEvent.type(screen.getByLabelText('年份'), '2027');
    await userEvent.upload(screen.getByLabelText('通知文件'), noticeFile(NOTICE));
    // A year already loaded is replaced, and the confirmation says so.
    await userEvent.click(await screen.findByRole('button', { name: /替换 2027 年/ }));
    expect(await screen.findByText('确认替换 2027 年的节假日安排？')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /确\s?认/ }));

    expect(await screen.findByText('未能加载：节假日安排有误，未加载')).toBeInTheDocument();
    const saturday = screen.getByText('2027-03-27').closest('tr') as HTMLElement;
    expect(within(saturday).getByText('2027-03-27 同时列为放假日和调休上班日')).toBeInTheDocument();
    expect(screen.getByText('不能超过 200 个字符')).toBeInTheDocument();
  });
});
