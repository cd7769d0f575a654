import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { API, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';

const deadLetter = (service: string, id: string, replayedBy: string | null = null) => ({
  service,
  id,
  consumer: `${service}-projects`,
  eventId: '0190a3c4-0000-7000-8000-000000000001',
  eventType: 'duban.projects.milestone.completed.v1',
  subject: 'duban.projects.milestone.completed.v1',
  reason: 'failed 8 deliveries: relation "x" does not exist',
  deliveries: 8,
  createdAt: '2026-12-01T01:00:00.000Z',
  replayed: replayedBy !== null,
  replayedAt: replayedBy ? '2026-12-02T01:00:00.000Z' : null,
  replayedBy,
  replayedByName: replayedBy === 'province' ? '省人社厅' : replayedBy,
});

describe('the operations desk (province admin)', () => {
  it('lists dead letters with the services that did not answer, and replays one after confirmation', async () => {
    const replays: string[] = [];
    let replayed = false;
    server.use(
      http.get(`${API}/dead-letters`, () =>
        HttpResponse.json({
          items: [deadLetter('notifications', '9', replayed ? 'province' : null)],
          unavailable: ['evaluation'],
        }),
      ),
      http.post(`${API}/dead-letters/:service/:id/replay`, ({ params }) => {
        replays.push(`${String(params.service)}/${String(params.id)}`);
        replayed = true;
        return HttpResponse.json(deadLetter('notifications', '9', 'province'));
      }),
    );
    renderApp('/operations', USERS.province);

    const row = (await screen.findByText('提醒与通知')).closest('tr') as HTMLElement;
    expect(within(row).getByText('duban.projects.milestone.completed.v1')).toBeInTheDocument();
    expect(screen.getByText('以下服务未应答，其死信未列出：验收')).toBeInTheDocument();

    await userEvent.click(within(row).getByRole('button', { name: /^重\s?放$/ }));
    expect(replays).toEqual([]); // nothing is replayed before the confirmation
    // The confirmation's own 重放 button is the last one on the page.
    await userEvent.click((await screen.findAllByRole('button', { name: /^重\s?放$/ })).at(-1) as HTMLElement);
    await waitFor(() => expect(replays).toEqual(['notifications/9']));
    expect(await screen.findByText('已由 省人社厅 重放')).toBeInTheDocument();
  });

  it('shows the service’s reason when a replay is refused', async () => {
    server.use(
      http.get(`${API}/dead-letters`, () =>
        HttpResponse.json({ items: [deadLetter('funding', '4')], unavailable: [] }),
      ),
      http.post(`${API}/dead-letters/:service/:id/replay`, () =>
        problem(409, '重放失败，死信保留待再次重放：relation "x" does not exist'),
      ),
    );
    renderApp('/operations', USERS.province);
    const row = (await screen.findByText('资金')).closest('tr') as HTMLElement;
    await userEvent.click(within(row).getByRole('button', { name: /^重\s?放$/ }));
    await userEvent.click(screen.getAllByRole('button', { name: /^重\s?放$/ }).at(-1) as HTMLElement);
    expect(await screen.findByText(/重放失败，死信保留待再次重放/)).toBeInTheDocument();
  });

  it('checks the audit trails when asked, naming a broken one', async () => {
    server.use(
      http.get(`${API}/dead-letters`, () => HttpResponse.json({ items: [], unavailable: [] })),
      http.get(`${API}/audit/verify`, () =>
        HttpResponse.json({
          ok: false,
          unavailable: [],
          chains: [
            {
              service: 'gateway',
              ok: true,
              checked: 12,
              brokenAt: null,
              problem: null,
              message: '审计链完整',
              lastHash: null,
            },
            {
              service: 'funding',
              ok: false,
              checked: 7,
              brokenAt: '7',
              problem: 'altered',
              message: '第 7 条记录被改动',
              lastHash: null,
            },
          ],
        }),
      ),
    );
    renderApp('/operations', USERS.province);
    expect(await screen.findByText('没有死信')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '开始核验' }));
    expect(await screen.findByText('发现断链或未应答的服务，请查看下表')).toBeInTheDocument();
    expect(screen.getByText('第 7 条记录被改动')).toBeInTheDocument();
    expect(screen.getByText('审计链完整')).toBeInTheDocument();
  });
});
