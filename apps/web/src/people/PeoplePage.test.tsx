import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { API, fill, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import { lvliangRegions } from '../regions/region-fixtures';
import { anAccount as account } from './people-fixtures';

const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

/** Chooses a region in the picker by typing part of its name, as an administrator does. */
async function chooseRegion(dialog: HTMLElement, name: string): Promise<void> {
  await user.type(within(dialog).getByLabelText('地区范围'), name);
  await user.click(await screen.findByTitle(name));
}

describe('人员管理', () => {
  beforeEach(() => server.use(lvliangRegions));

  it('names each account’s regions, not their codes', async () => {
    server.use(
      http.get(`${API}/accounts`, () =>
        HttpResponse.json([
          account(),
          account({
            id: '0190a3c4-0000-7000-8000-00000000a009',
            username: 'lishi',
            displayName: '离石区专班',
            regionCodes: ['141102', '141124'],
          }),
        ]),
      ),
    );
    renderApp('/people', USERS.lvliang);
    const row = (await screen.findByText('离石区专班')).closest('tr') as HTMLElement;
    expect(await within(row).findByText('离石区、临县')).toBeInTheDocument();
    expect(within(screen.getByText('刘星').closest('tr') as HTMLElement).getByText('临县')).toBeInTheDocument();
  });

  it('creates an account and shows its temporary password once', async () => {
    const created: unknown[] = [];
    const list = [account()];
    server.use(
      http.get(`${API}/accounts`, () => HttpResponse.json(list)),
      http.post(`${API}/accounts`, async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        created.push(body);
        const made = account({
          id: '0190a3c4-0000-7000-8000-00000000a002',
          username: 'wangwu',
          displayName: '王五',
          mustChangePassword: true,
        });
        list.push(made);
        return HttpResponse.json({ account: made, temporaryPassword: 'Tmp7pass9word2' }, { status: 201 });
      }),
    );
    renderApp('/people', USERS.lvliang);
    expect(await screen.findByText('刘星')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '新建账号' }));
    const dialog = await screen.findByRole('dialog');
    await fill(user, within(dialog).getByLabelText('用户名'), 'wangwu');
    await fill(user, within(dialog).getByLabelText('姓名或单位'), '王五');
    await user.click(within(dialog).getByLabelText('角色'));
    await user.click(await screen.findByTitle('领导小组成员'));
    await chooseRegion(dialog, '临县');
    await user.click(within(dialog).getByRole('button', { name: /创\s?建/ }));

    await waitFor(() =>
      expect(created).toEqual([
        { username: 'wangwu', displayName: '王五', role: 'leading_member', regionCodes: ['141124'] },
      ]),
    );
    expect(await screen.findByText('Tmp7pass9word2')).toBeInTheDocument();
    expect(screen.getByText(/临时密码只显示这一次/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '我已记下' }));
    await waitFor(() => expect(screen.queryByText('Tmp7pass9word2')).not.toBeInTheDocument());
    expect(await screen.findByText('待改密码')).toBeInTheDocument();
  });

  it('shows the gateway’s refusal of a region under the field (the picker offers only the administrator’s own, the gateway decides)', async () => {
    server.use(
      http.get(`${API}/accounts`, () => HttpResponse.json([account()])),
      http.post(`${API}/accounts`, () =>
        problem(400, '账号的角色或地区超出您的权限', [{ field: 'regionCodes', message: '超出您的管辖范围：141102' }]),
      ),
    );
    renderApp('/people', USERS.lvliang);
    await user.click(await screen.findByRole('button', { name: '新建账号' }));
    const dialog = await screen.findByRole('dialog');
    await fill(user, within(dialog).getByLabelText('用户名'), 'taiyuan2');
    await fill(user, within(dialog).getByLabelText('姓名或单位'), '太原');
    await user.click(within(dialog).getByLabelText('角色'));
    await user.click(await screen.findByTitle('县级专班'));
    await chooseRegion(dialog, '离石区');
    await user.click(within(dialog).getByRole('button', { name: /创\s?建/ }));
    expect(await within(dialog).findByText('超出您的管辖范围：141102')).toBeInTheDocument();
  });

  it('disables an account after confirmation', async () => {
    const patches: unknown[] = [];
    let disabled = false;
    server.use(
      http.get(`${API}/accounts`, () => HttpResponse.json([account({ disabled })])),
      http.patch(`${API}/accounts/:id`, async ({ request }) => {
        patches.push(await request.json());
        disabled = true;
        return HttpResponse.json(account({ disabled: true }));
      }),
    );
    renderApp('/people', USERS.lvliang);
    const row = (await screen.findByText('刘星')).closest('tr') as HTMLElement;
    await user.click(within(row).getByRole('button', { name: /停\s?用/ }));
    await user.click(await screen.findByRole('button', { name: /确\s?定/ }));
    await waitFor(() => expect(patches).toEqual([{ disabled: true }]));
    expect(await screen.findByText('已停用')).toBeInTheDocument();
  });

  it('resets a password after confirmation, showing the temporary one', async () => {
    server.use(
      http.get(`${API}/accounts`, () => HttpResponse.json([account()])),
      http.post(`${API}/accounts/:id/reset-password`, () =>
        HttpResponse.json({ account: account({ mustChangePassword: true }), temporaryPassword: 'Reset4me8now2' }),
      ),
    );
    renderApp('/people', USERS.lvliang);
    const row = (await screen.findByText('刘星')).closest('tr') as HTMLElement;
    await user.click(within(row).getByRole('button', { name: '重置密码' }));
    // The confirmation's own 重置 button is the last one on the page.
    await user.click((await screen.findAllByRole('button', { name: /^重\s?置$/ })).at(-1) as HTMLElement);
    expect(await screen.findByText('Reset4me8now2')).toBeInTheDocument();
  });
});
