import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { API, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import { safeNext } from './LoginPage';

describe('login', () => {
  it('sends a logged-out visitor to login, then back to the page they asked for', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(`${API}/auth/login`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ accessToken: 'token-of-linxian', actor: USERS.linxian });
      }),
      http.get(`${API}/me`, () => HttpResponse.json(USERS.linxian)),
      http.get(`${API}/me/notifications`, () => HttpResponse.json({ items: [], unread: 0 })),
    );
    const { router } = renderApp('/inbox', null);

    expect(await screen.findByText('登录已失效或尚未登录，登录后回到刚才的页面')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('用户名'), 'linxian');
    await userEvent.type(screen.getByLabelText('密码'), 'duban-demo');
    await userEvent.click(screen.getByRole('button', { name: '登 录' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/inbox'));
    // The page the user asked for, as the new session reads it (no request of it still in flight at the end).
    expect(await screen.findByText('暂无通知')).toBeInTheDocument();
    expect(bodies).toEqual([{ username: 'linxian', password: 'duban-demo' }]);
    expect(localStorage.getItem('duban.accessToken')).toBe('token-of-linxian');
  });

  it('shows the server’s reason for a refused login and keeps what was typed', async () => {
    server.use(http.post(`${API}/auth/login`, () => problem(401, '用户名或密码错误')));
    renderApp('/login', null);

    await userEvent.type(await screen.findByLabelText('用户名'), 'linxian');
    await userEvent.type(screen.getByLabelText('密码'), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: '登 录' }));

    expect(await screen.findByText('用户名或密码错误')).toBeInTheDocument();
    expect(screen.getByLabelText('用户名')).toHaveValue('linxian');
    expect(localStorage.getItem('duban.accessToken')).toBeNull();
  });

  it('returns a user whose token the server refuses to login, and back afterwards', async () => {
    server.use(http.get(`${API}/me`, () => problem(401, '请先登录')));
    localStorage.setItem('duban.accessToken', 'expired');
    const { router } = renderApp('/regions/141100', null);

    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/regions/141100')}`);
    expect(localStorage.getItem('duban.accessToken')).toBeNull();
  });

  it('returns only to paths inside the app', () => {
    expect(safeNext('/projects/1')).toBe('/projects/1');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
