import { screen, waitFor } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { API, fill, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';

const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

describe('first login: the password must be changed first', () => {
  it('shows the change form instead of the page, refuses a weak password under its field, then opens the app', async () => {
    let mustChange = true;
    const bodies: unknown[] = [];
    server.use(
      http.post(`${API}/me/password`, async ({ request }) => {
        const body = (await request.json()) as { newPassword: string };
        bodies.push(body);
        if (body.newPassword === 'short') {
          return problem(400, '新密码不符合要求', [{ field: 'newPassword', message: '密码至少 10 个字符' }]);
        }
        mustChange = false;
        return HttpResponse.json({ changed: true });
      }),
      http.get(`${API}/accounts`, () => HttpResponse.json([])),
      http.get(`${API}/regions`, () => HttpResponse.json([])),
    );
    renderApp('/people', USERS.lvliang);
    // renderApp answers /api/me with the user; this one must change its password until it has.
    server.use(http.get(`${API}/me`, () => HttpResponse.json({ ...USERS.lvliang, mustChangePassword: mustChange })));

    expect(await screen.findByText('您的密码由管理员设置，须先修改密码才能继续使用。')).toBeInTheDocument();
    expect(screen.queryByText('人员管理')).not.toBeInTheDocument();

    await fill(user, screen.getByLabelText('当前密码'), 'Tmp7pass9word2');
    await fill(user, screen.getByLabelText('新密码'), 'short');
    await fill(user, screen.getByLabelText('确认新密码'), 'short');
    await user.click(screen.getByRole('button', { name: '修改密码' }));
    expect(await screen.findByText('密码至少 10 个字符')).toBeInTheDocument();

    await fill(user, screen.getByLabelText('新密码'), 'Lvliang2027ok');
    await fill(user, screen.getByLabelText('确认新密码'), 'Lvliang2027ok');
    await user.click(screen.getByRole('button', { name: '修改密码' }));

    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies[1]).toEqual({ currentPassword: 'Tmp7pass9word2', newPassword: 'Lvliang2027ok' });
    expect(await screen.findByRole('button', { name: '新建账号' })).toBeInTheDocument();
  });
});
