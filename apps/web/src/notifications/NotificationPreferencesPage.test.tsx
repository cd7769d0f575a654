import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { API, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';

/** A stand-in notifications service keeping one person's opt-outs. */
function preferencesService(initial: string[]) {
  let optedOut = initial;
  const puts: unknown[] = [];
  let refuseNext = false;
  return {
    puts,
    refuseNext: () => (refuseNext = true),
    handlers: [
      http.get(`${API}/me/notification-preferences`, () => HttpResponse.json({ optedOut })),
      http.put(`${API}/me/notification-preferences`, async ({ request }) => {
        const body = (await request.json()) as { optedOut: string[] };
        puts.push(body);
        if (refuseNext) {
          refuseNext = false;
          return problem(400, '通知偏好有误', [{ field: 'optedOut', message: '渠道重复' }]);
        }
        optedOut = body.optedOut;
        return HttpResponse.json({ optedOut });
      }),
    ],
  };
}

describe('通知偏好 (every user, for themselves)', () => {
  it('opts out of SMS and back in; the inbox cannot be turned off', async () => {
    const service = preferencesService(['webhook']);
    server.use(...service.handlers);
    const user = userEvent.setup();
    renderApp('/notification-preferences', USERS.linxian);

    const sms = await screen.findByRole('switch', { name: '接收短信' }, { timeout: 60_000 });
    expect(sms).toBeChecked();
    expect(screen.getByRole('switch', { name: '接收群机器人' })).not.toBeChecked();
    expect(screen.getByRole('switch', { name: '接收站内通知' })).toBeDisabled();

    await user.click(sms);
    expect(await screen.findByText('已退订短信')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('switch', { name: '接收短信' })).not.toBeChecked());

    await user.click(screen.getByRole('switch', { name: '接收群机器人' }));
    await waitFor(() => expect(screen.getByRole('switch', { name: '接收群机器人' })).toBeChecked());
    // The service's order, whatever the order of the clicks.
    expect(service.puts).toEqual([{ optedOut: ['webhook', 'sms'] }, { optedOut: ['sms'] }]);
  }, 120_000);

  it('says so when the service refuses, and keeps the switch as it was', async () => {
    const service = preferencesService([]);
    service.refuseNext();
    server.use(...service.handlers);
    const user = userEvent.setup();
    renderApp('/notification-preferences', USERS.lvliang);
    const email = await screen.findByRole('switch', { name: '接收电子邮件' }, { timeout: 60_000 });
    await user.click(email);
    expect(await screen.findByText(/通知偏好有误|渠道重复/)).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: '接收电子邮件' })).toBeChecked();
    expect(service.puts).toEqual([{ optedOut: ['email'] }]);
  }, 120_000);
});
