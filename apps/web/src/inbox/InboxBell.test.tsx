import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { session } from '../auth/session-store';
import { API, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import { inboxItem, inboxServer } from './inbox-test-server';

const PROJECT = '0190a3c4-0000-7000-8000-0000000000bb';

/** Any page but the inbox: the bell in the header works everywhere. */
const ELSEWHERE = '/no-such-page';

describe('the inbox bell, live', () => {
  it('pops up a new notification on any page; its link opens the milestone and marks it read', async () => {
    const inbox = inboxServer([]);
    server.use(
      ...inbox.handlers,
      http.get(`${API}/projects/:id`, () => problem(404, '项目不存在')),
    );
    const { router } = renderApp(ELSEWHERE, USERS.lvliang);
    expect(await screen.findByRole('button', { name: '收件箱，0 条未读' })).toBeInTheDocument();
    await waitFor(() => expect(inbox.openStreams()).toBe(1));

    const fresh = inboxItem({
      title: '【逾期提醒】临县「完成选址」已逾期1天',
      link: `/projects/${PROJECT}/milestones/m-7`,
      createdAt: new Date().toISOString(),
    });
    inbox.deliver(fresh);

    expect(await screen.findByText(`新提醒：${fresh.title}`)).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: '收件箱，1 条未读' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('link', { name: '查看' }));

    await waitFor(() => expect(router.state.location.pathname).toBe(`/projects/${PROJECT}/milestones/m-7`));
    await waitFor(() => expect(inbox.readRequests).toEqual([fresh.id]));
    expect(await screen.findByRole('button', { name: '收件箱，0 条未读' })).toBeInTheDocument();
  });

  it('pops up a batch of new notifications as one summary that opens the inbox', async () => {
    const inbox = inboxServer([]);
    server.use(...inbox.handlers);
    const { router } = renderApp(ELSEWHERE, USERS.lvliang);
    await waitFor(() => expect(inbox.openStreams()).toBe(1));

    const batch = [1, 2, 3, 4].map(() => inboxItem({ stage: 'escalation', createdAt: new Date().toISOString() }));
    inbox.deliver(...batch);

    expect(await screen.findByText('新提醒：4 条')).toBeInTheDocument();
    expect(screen.queryByText(`新提醒：${batch[0]?.title}`)).not.toBeInTheDocument();
    expect(await screen.findByRole('button', { name: '收件箱，4 条未读' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('link', { name: '查看收件箱' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/inbox'));
    expect(inbox.readRequests).toEqual([]);
  });

  it('reconnects when the stream drops, and refetches what may have come meanwhile', async () => {
    const inbox = inboxServer([]);
    server.use(...inbox.handlers);
    renderApp(ELSEWHERE, USERS.lvliang);
    await waitFor(() => expect(inbox.openStreams()).toBe(1));
    const listsBefore = inbox.listRequests.length;

    inbox.dropStreams();
    // Came while it was down: not announced, but the refetch after reconnecting shows it.
    inbox.deliver(inboxItem());

    await waitFor(() => expect(inbox.openStreams()).toBe(1));
    expect(inbox.streamRequests).toHaveLength(2);
    expect(await screen.findByRole('button', { name: '收件箱，1 条未读' })).toBeInTheDocument();
    expect(inbox.listRequests.length).toBeGreaterThan(listsBefore);
  });

  it('closes the stream on logout and does not reconnect', async () => {
    const inbox = inboxServer([]);
    server.use(...inbox.handlers);
    const { router } = renderApp(ELSEWHERE, USERS.lvliang);
    await waitFor(() => expect(inbox.openStreams()).toBe(1));

    // What the header's 退出 button does (and what any 401 does).
    act(() => session.end());

    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    await waitFor(() => expect(inbox.openStreams()).toBe(0));
    // Longer than the first reconnect delay (≤ 1.2 s): nothing tried again.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(inbox.streamRequests).toHaveLength(1);
  });

  it('ends the session when the gateway refuses the stream’s token', async () => {
    const inbox = inboxServer([]);
    server.use(...inbox.handlers);
    server.use(http.get(`${API}/me/notifications/stream`, () => problem(401, '登录已失效，请重新登录')));
    const { router } = renderApp(ELSEWHERE, USERS.lvliang);

    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(localStorage.getItem('duban.accessToken')).toBeNull();
  });

  it('keeps retrying, with backoff, while the gateway answers 503', async () => {
    let attempts = 0;
    const inbox = inboxServer([]);
    server.use(...inbox.handlers);
    server.use(
      http.get(`${API}/me/notifications/stream`, () => {
        attempts += 1;
        // The third attempt falls through to the working stream.
        return attempts < 3 ? problem(503, '服务暂不可用') : undefined;
      }),
    );
    renderApp(ELSEWHERE, USERS.lvliang);
    // Backoff: about 1 s, then about 2 s.
    await waitFor(() => expect(inbox.openStreams()).toBe(1));
    expect(attempts).toBe(3);
  });
});
