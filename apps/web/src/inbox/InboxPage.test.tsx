import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { API, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import { inboxItem, inboxServer } from './inbox-test-server';

const PROJECT = '0190a3c4-0000-7000-8000-0000000000bb';
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
/** 'YYYY-MM-DD HH:mm' on Beijing's clocks (Sweden's locale writes dates that way). */
const beijing = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(
    new Date(iso),
  );

describe('the inbox', () => {
  it('lists the newest first with stage, time and a link to what each is about; unread ones are marked', async () => {
    const escalation = inboxItem({
      stage: 'escalation',
      title: '【升级督办】临县「完成选址」已逾期5个工作日（7天）',
      link: `/projects/${PROJECT}/milestones/m-1`,
      createdAt: minutesAgo(5),
    });
    const rectification = inboxItem({
      subjectType: 'rectification',
      subjectId: 'r-1',
      stage: 'overdue-2',
      title: '【逾期提醒】临县「整改：第 4 项 统一标识」已逾期4天',
      createdAt: minutesAgo(90),
      readAt: minutesAgo(60),
    });
    const notice = inboxItem({
      subjectType: 'expenditure',
      subjectId: 'e-1',
      stage: 'notice',
      title: '资金使用预警：临县财政专项资金支出',
      body: '财政专项资金不得用于培训（能力建设）支出',
      projectId: null,
      createdAt: minutesAgo(30),
    });
    const inbox = inboxServer([rectification, escalation, notice]);
    server.use(...inbox.handlers);
    renderApp('/inbox', USERS.lvliang);

    const list = await screen.findByRole('list', { name: '通知列表' });
    const entries = within(list).getAllByRole('listitem');
    expect(entries.map((entry) => entry.getAttribute('aria-label'))).toEqual([
      escalation.title,
      notice.title,
      rectification.title,
    ]);
    expect(screen.getByText('共 2 条未读')).toBeInTheDocument();

    const [first, second, third] = entries as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(first).getByRole('link', { name: escalation.title })).toHaveAttribute(
      'href',
      `/projects/${PROJECT}/milestones/m-1`,
    );
    expect(within(first).getByText('升级督办')).toBeInTheDocument();
    expect(within(first).getByText('未读')).toBeInTheDocument();
    // When, in Beijing time as every date of the programme (the tests' browser is in New York).
    expect(within(first).getByText(`5 分钟前 · ${beijing(escalation.createdAt)}`)).toBeInTheDocument();
    expect(within(second).getByText('通知')).toBeInTheDocument();
    expect(within(second).getByText('财政专项资金不得用于培训（能力建设）支出')).toBeInTheDocument();
    expect(within(second).getByRole('link', { name: notice.title })).toHaveAttribute('href', '/regions/141124');
    expect(within(third).getByText('逾期提醒（第2次）')).toBeInTheDocument();
    expect(within(third).getByRole('link', { name: rectification.title })).toHaveAttribute(
      'href',
      `/projects/${PROJECT}/inspections`,
    );
    expect(within(third).queryByText('未读')).not.toBeInTheDocument();
    expect(within(third).queryByRole('button', { name: /标为已读/ })).not.toBeInTheDocument();
  });

  it('marks one read: sends the POST, the item loses its mark and the bell’s count drops', async () => {
    const a = inboxItem({ createdAt: minutesAgo(1) });
    const b = inboxItem({ createdAt: minutesAgo(2) });
    const inbox = inboxServer([a, b]);
    server.use(...inbox.handlers);
    renderApp('/inbox', USERS.lvliang);

    expect(await screen.findByRole('button', { name: '收件箱，2 条未读' })).toBeInTheDocument();
    const entry = await screen.findByRole('listitem', { name: b.title });
    await userEvent.click(within(entry).getByRole('button', { name: /标为已读/ }));

    expect(await screen.findByRole('button', { name: '收件箱，1 条未读' })).toBeInTheDocument();
    expect(inbox.readRequests).toEqual([b.id]);
    await waitFor(() =>
      expect(within(screen.getByRole('listitem', { name: b.title })).queryByText('未读')).not.toBeInTheDocument(),
    );
    expect(within(screen.getByRole('listitem', { name: a.title })).getByText('未读')).toBeInTheDocument();
    expect(screen.getByText('共 1 条未读')).toBeInTheDocument();
  });

  it('opening an item’s link marks it read and goes to its milestone', async () => {
    const item = inboxItem({ link: `/projects/${PROJECT}/milestones/m-9` });
    const inbox = inboxServer([item]);
    server.use(
      ...inbox.handlers,
      http.get(`${API}/projects/:id`, () => problem(404, '项目不存在')),
    );
    const { router } = renderApp('/inbox', USERS.lvliang);

    await userEvent.click(await screen.findByRole('link', { name: item.title }));

    await waitFor(() => expect(router.state.location.pathname).toBe(`/projects/${PROJECT}/milestones/m-9`));
    await waitFor(() => expect(inbox.readRequests).toEqual([item.id]));
  });

  it('filters to the unread ones by asking the server for them', async () => {
    const unread = inboxItem({ createdAt: minutesAgo(1) });
    const read = inboxItem({ createdAt: minutesAgo(2), readAt: minutesAgo(1) });
    const inbox = inboxServer([unread, read]);
    server.use(...inbox.handlers);
    renderApp('/inbox', USERS.lvliang);

    expect(await screen.findByRole('listitem', { name: read.title })).toBeInTheDocument();
    // antd draws its own radio button over the (pointer-less) input: click what the user sees.
    await userEvent.click(screen.getByRole('radio', { name: '未读' }).closest('label') as HTMLElement);

    await waitFor(() => expect(screen.queryByRole('listitem', { name: read.title })).not.toBeInTheDocument());
    expect(screen.getByRole('listitem', { name: unread.title })).toBeInTheDocument();
    expect(
      inbox.listRequests.some(
        (url) => url.searchParams.get('unread') === 'true' && url.searchParams.get('limit') === '100',
      ),
    ).toBe(true);
  });

  it('shows a new notification the moment the gateway announces it, without a reload, and pops it up', async () => {
    const old = inboxItem({ createdAt: minutesAgo(10) });
    const inbox = inboxServer([old]);
    server.use(...inbox.handlers);
    renderApp('/inbox', USERS.lvliang);
    await screen.findByRole('listitem', { name: old.title });
    await waitFor(() => expect(inbox.openStreams()).toBe(1));
    expect(inbox.streamRequests[0]?.headers.get('authorization')).toBe('Bearer token-of-lvliang');

    const fresh = inboxItem({
      stage: 'escalation',
      title: '【升级督办】临县「全面施工建设」已逾期5个工作日（7天）',
      link: `/projects/${PROJECT}/milestones/m-2`,
      createdAt: new Date().toISOString(),
    });
    inbox.deliver(fresh);

    const entry = await screen.findByRole('listitem', { name: fresh.title });
    expect(within(entry).getByText('升级督办')).toBeInTheDocument();
    expect(screen.getAllByRole('listitem').map((li) => li.getAttribute('aria-label'))).toEqual([
      fresh.title,
      old.title,
    ]);
    expect(await screen.findByText(`新提醒：${fresh.title}`)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '收件箱，2 条未读' })).toBeInTheDocument();
    // One connection for the tab, still open.
    expect(inbox.streamRequests).toHaveLength(1);
  });

  it('says so when the inbox is empty', async () => {
    const inbox = inboxServer([]);
    server.use(...inbox.handlers);
    renderApp('/inbox', USERS.linxian);
    expect(await screen.findByText('暂无通知')).toBeInTheDocument();
  });

  it('offers a retry when the inbox cannot be read, and shows it once it can', async () => {
    const inbox = inboxServer([]);
    let down = true;
    server.use(...inbox.handlers);
    // Declared last, so it answers first; once the service is back it passes the request on.
    server.use(http.get(`${API}/me/notifications`, () => (down ? problem(503, '通知服务未响应') : undefined)));
    renderApp('/inbox', USERS.linxian);
    // A 5xx is retried once (after a second) before the page says so.
    expect(await screen.findByText('服务器暂时无法处理，请稍后重试')).toBeInTheDocument();

    down = false;
    await userEvent.click(screen.getByRole('button', { name: /重\s*试/ }));
    expect(await screen.findByText('暂无通知')).toBeInTheDocument();
    expect(screen.queryByText('服务器暂时无法处理，请稍后重试')).not.toBeInTheDocument();
  });
});
