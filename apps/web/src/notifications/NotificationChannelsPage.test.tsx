import { screen, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { AddresseeChannels, PutContactChannelsBody } from '@duban/contracts';
import { API, fill, press, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import { anAccount } from '../people/people-fixtures';
import { lvliangRegions } from '../regions/region-fixtures';
import type { Delivery } from './channels-api';

const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

const LVLIANG_ROBOT: AddresseeChannels = {
  addressee: { kind: 'role', role: 'city_officer', regionCode: '141100' },
  channels: [
    {
      id: '6f1c0a4e-0000-4000-8000-00000000c001',
      kind: 'webhook',
      target: 'https://oapi.dingtalk.example/robot/send?access_token=abc',
      format: 'dingtalk',
      enabled: true,
      updatedAt: '2023-09-01T01:00:00.000Z',
    },
  ],
};

const FAILED: Delivery = {
  id: '6f1c0a4e-0000-4000-8000-00000000d001',
  channel: 'email',
  format: 'generic',
  target: 'linxian@example.org',
  fireAt: '2023-10-09T01:00:00.000Z',
  state: 'failed',
  attempts: 5,
  nextAttemptAt: null,
  lastError: '550 mailbox unavailable',
  sentAt: null,
  recipients: ['user:linxian'],
  items: [{ subjectType: 'milestone', subjectId: 'm1', regionCode: '141124', stage: 'due', title: '场地改造完成' }],
  attemptLog: [],
};

/** The accounts 吕梁市's officer manages, and the tree of their regions: what names the addressees. */
function peopleAndRegions() {
  server.use(
    lvliangRegions,
    http.get(`${API}/accounts`, () =>
      HttpResponse.json([
        anAccount(),
        anAccount({ id: '0190a3c4-0000-7000-8000-00000000a002', username: 'zhangzhenyu', displayName: '张振玉' }),
      ]),
    ),
  );
}

describe('通知渠道', () => {
  it('lists the channels per addressee and saves a new addressee’s e-mail, showing the service’s reason under the field first', async () => {
    const saved: PutContactChannelsBody[] = [];
    peopleAndRegions();
    server.use(
      http.get(`${API}/notification-channels`, () => HttpResponse.json({ items: [LVLIANG_ROBOT] })),
      http.put(`${API}/notification-channels`, async ({ request }) => {
        const body = (await request.json()) as PutContactChannelsBody;
        saved.push(body);
        if (saved.length === 1)
          return problem(400, '请求参数不正确', [{ field: 'channels.0.target', message: '不是有效的电子邮件地址' }]);
        return HttpResponse.json({ addressee: body.addressee, channels: [] });
      }),
    );
    renderApp('/notification-channels', USERS.lvliang);

    // The role in its region by name, not "市局工作人员（141100）".
    const row = within((await screen.findByText('吕梁市 市局工作人员')).closest('tr') as HTMLElement);
    expect(row.getByText(/钉钉群机器人：https:\/\/oapi.dingtalk.example/)).toBeInTheDocument();

    await press(user, '添加接收人');
    const dialog = within(await screen.findByRole('dialog'));
    // The person chosen by name, not typed as a username.
    await user.type(dialog.getByLabelText('人员'), '刘星');
    await user.click(await screen.findByTitle('刘星（linxian）'));
    await press(user, '添加渠道');
    await fill(user, dialog.getByLabelText('地址'), 'linxian-at-example');
    await press(user, '保 存');

    expect(await dialog.findByText('不是有效的电子邮件地址')).toBeInTheDocument();
    expect(dialog.getByLabelText('地址')).toHaveValue('linxian-at-example');
    await fill(user, dialog.getByLabelText('地址'), 'linxian@example.org');
    await press(user, '保 存');
    await screen.findByText('添加接收人');
    expect(saved.at(-1)).toEqual({
      addressee: { kind: 'user', username: 'linxian' },
      channels: [{ kind: 'email', target: 'linxian@example.org', enabled: true }],
    });
  });

  it('names people by name and a role’s region by name, and sets a role in a region chosen by name', async () => {
    const saved: PutContactChannelsBody[] = [];
    peopleAndRegions();
    server.use(
      http.get(`${API}/notification-channels`, () =>
        HttpResponse.json({
          items: [
            { addressee: { kind: 'user', username: 'zhangzhenyu' }, channels: [] },
            // Someone the officer does not manage keeps their username.
            { addressee: { kind: 'user', username: 'taiyuan' }, channels: [] },
          ],
        }),
      ),
      http.put(`${API}/notification-channels`, async ({ request }) => {
        const body = (await request.json()) as PutContactChannelsBody;
        saved.push(body);
        return HttpResponse.json({ addressee: body.addressee, channels: [] });
      }),
    );
    renderApp('/notification-channels', USERS.lvliang);
    expect(await screen.findByText('张振玉（zhangzhenyu）')).toBeInTheDocument();
    expect(screen.getByText('用户 taiyuan')).toBeInTheDocument();

    await press(user, '添加接收人');
    const dialog = within(await screen.findByRole('dialog'));
    await user.click(dialog.getByLabelText('接收人类型'));
    await user.click(await screen.findByTitle('某地区的某角色'));
    await user.click(dialog.getByLabelText('角色'));
    await user.click(await screen.findByTitle('县级专班'));
    await user.type(dialog.getByLabelText('地区'), '临县');
    await user.click(await screen.findByTitle('临县'));
    await press(user, '添加渠道');
    await fill(user, dialog.getByLabelText('地址'), 'linxian-office@example.org');
    await press(user, '保 存');
    await screen.findByText('添加接收人');
    expect(saved).toEqual([
      {
        addressee: { kind: 'role', role: 'county_officer', regionCode: '141124' },
        channels: [{ kind: 'email', target: 'linxian-office@example.org', enabled: true }],
      },
    ]);
  });

  it('shows the messages that could not be delivered, with why', async () => {
    peopleAndRegions();
    server.use(
      http.get(`${API}/notification-channels`, () => HttpResponse.json({ items: [] })),
      http.get(`${API}/notifications/deliveries`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('state')).toBe('failed');
        return HttpResponse.json({ items: [FAILED] });
      }),
    );
    renderApp('/notification-channels', USERS.province);

    await user.click(await screen.findByRole('tab', { name: '发送失败' }));
    const row = within((await screen.findByText('550 mailbox unavailable')).closest('tr') as HTMLElement);
    expect(row.getByText('电子邮件：linxian@example.org')).toBeInTheDocument();
    expect(row.getByText('场地改造完成')).toBeInTheDocument();
    expect(row.getByText('5')).toBeInTheDocument();
  });
});
