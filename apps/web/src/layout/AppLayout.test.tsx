import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { API, renderApp, USERS } from '../test/render';
import { server } from '../test/server';

describe('the header', () => {
  it('logs out at the gateway (the token is revoked there) and returns to the login page', async () => {
    const logouts: (string | null)[] = [];
    server.use(
      http.post(`${API}/auth/logout`, ({ request }) => {
        logouts.push(request.headers.get('authorization'));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { router } = renderApp('/inbox', USERS.lvliang);
    await userEvent.click(await screen.findByRole('button', { name: '退出' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(logouts).toEqual(['Bearer token-of-lvliang']);
    expect(localStorage.getItem('duban.accessToken')).toBeNull();
  });

  it('leaves all the same when the gateway cannot be reached', async () => {
    server.use(http.post(`${API}/auth/logout`, () => HttpResponse.error()));
    const { router } = renderApp('/inbox', USERS.lvliang);
    await userEvent.click(await screen.findByRole('button', { name: '退出' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(localStorage.getItem('duban.accessToken')).toBeNull();
  });

  it('offers the province its operations desk', async () => {
    renderApp('/inbox', USERS.province);
    expect(await screen.findByRole('link', { name: '运行维护' })).toHaveAttribute('href', '/operations');
  });

  it('offers the province its audit and acceptance settings', async () => {
    renderApp('/inbox', USERS.province);
    expect(await screen.findByRole('link', { name: '审计记录' })).toHaveAttribute('href', '/audit');
    expect(screen.getByRole('link', { name: '验收设置' })).toHaveAttribute('href', '/evaluation');
  });

  it('shows the city no audit entry', async () => {
    renderApp('/inbox', USERS.lvliang);
    expect(await screen.findByRole('link', { name: '验收检查' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: '审计记录' })).not.toBeInTheDocument();
  });
});
