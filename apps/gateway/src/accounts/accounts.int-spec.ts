import { ListRegionsRpc } from '@duban/contracts';
import { startGatewaySandbox, type GatewaySandbox, type HttpAnswer } from '../core/__fixtures__/gateway-sandbox';

/**
 * People (issue 13): administrators create, change, disable accounts and reset passwords within their own
 * scope; a password an administrator set must be changed before anything else; a change takes effect on
 * the account's next request. Over HTTP, on the real gateway schema.
 */
describe('accounts (gateway)', () => {
  let sandbox: GatewaySandbox;

  beforeAll(async () => {
    sandbox = await startGatewaySandbox('gwaccounts', [ListRegionsRpc.subject]);
    sandbox.answer(ListRegionsRpc.subject, { ok: true, data: [] });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const as = (username: string) => ({
    get: (url: string) => sandbox.call('GET', url, undefined, username),
    post: (url: string, payload: unknown) => sandbox.call('POST', url, payload, username),
    patch: (url: string, payload: unknown) => sandbox.call('PATCH', url, payload, username),
  });
  const withToken = (token: string, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<HttpAnswer> =>
    sandbox.send({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
  let nextAddress = 1;
  /** Each login from an address of its own, so that the per-address login rate limit never decides a test. */
  const login = async (username: string, password: string) =>
    sandbox.send({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: `10.13.0.${nextAddress++}`,
    });
  const accountCount = async () =>
    (await sandbox.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM gateway.account`))[0]?.n ?? 0;
  const auditRows = async (action: string, targetId: string) =>
    sandbox.db.query<{ actor_username: string; before: unknown; after: unknown }>(
      `SELECT actor_username, before, after FROM gateway.audit_log
        WHERE action = $1 AND target_id = $2 AND outcome = 'done' ORDER BY id`,
      [action, targetId],
    );

  /** Creates an account as `admin` and logs it in with a password of its own; returns its id and token. */
  async function newAccount(admin: string, body: Record<string, unknown>) {
    const created = await as(admin).post('/api/accounts', body);
    expect(created.status).toBe(201);
    const { account, temporaryPassword } = created.body as { account: { id: string }; temporaryPassword: string };
    const first = await login(String(body.username), temporaryPassword);
    const changed = await withToken(first.body.accessToken, 'POST', '/api/me/password', {
      currentPassword: temporaryPassword,
      newPassword: 'Lvliang2027ok',
    });
    expect(changed.status).toBe(200);
    const again = await login(String(body.username), 'Lvliang2027ok');
    expect(again.body.mustChangePassword).toBe(false);
    return { id: account.id, token: again.body.accessToken as string };
  }

  it('creates an account within scope with a temporary password shown once; its first login must change it', async () => {
    const created = await as('lvliang').post('/api/accounts', {
      username: 'Linxian.Officer2',
      displayName: '临县专班二',
      role: 'county_officer',
      regionCodes: ['141124'],
    });
    expect(created).toMatchObject({
      status: 201,
      body: {
        account: {
          username: 'linxian.officer2',
          role: 'county_officer',
          roleLabel: '县级专班',
          regionCodes: ['141124'],
          disabled: false,
          mustChangePassword: true,
        },
      },
    });
    const { temporaryPassword, account } = created.body;
    expect(temporaryPassword).toMatch(/^[A-Za-z0-9]{14}$/);
    expect(await auditRows('account.create', account.id)).toEqual([
      expect.objectContaining({
        actor_username: 'lvliang',
        after: expect.objectContaining({ role: 'county_officer' }),
      }),
    ]);
    // The temporary password is never stored in clear.
    const [stored] = await sandbox.db.query<{ password_hash: string }>(
      `SELECT password_hash FROM gateway.account WHERE id = $1`,
      [account.id],
    );
    expect(stored?.password_hash).toMatch(/^\$argon2id\$/);

    const first = await login('linxian.officer2', temporaryPassword);
    expect(first).toMatchObject({ status: 200, body: { mustChangePassword: true } });
    const token = first.body.accessToken as string;
    // Every other route refuses until the password is changed; its own details and the change itself work.
    expect(await withToken(token, 'GET', '/api/regions')).toMatchObject({
      status: 403,
      body: { detail: '必须先修改密码' },
    });
    expect(await withToken(token, 'GET', '/api/me')).toMatchObject({
      status: 200,
      body: { username: 'linxian.officer2', mustChangePassword: true },
    });
    expect(sandbox.received.get(ListRegionsRpc.subject) ?? []).toHaveLength(0);

    const weak = await withToken(token, 'POST', '/api/me/password', {
      currentPassword: temporaryPassword,
      newPassword: 'short',
    });
    expect(weak).toMatchObject({ status: 400, body: { errors: [{ field: 'newPassword' }] } });
    const wrongCurrent = await withToken(token, 'POST', '/api/me/password', {
      currentPassword: 'not-the-password-1',
      newPassword: 'Good2027password',
    });
    expect(wrongCurrent).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'currentPassword', message: '当前密码不正确' }] },
    });

    expect(
      await withToken(token, 'POST', '/api/me/password', {
        currentPassword: temporaryPassword,
        newPassword: 'Good2027password',
      }),
    ).toMatchObject({ status: 200 });
    // The same token now works everywhere.
    expect(await withToken(token, 'GET', '/api/regions')).toMatchObject({ status: 200 });
    expect(await login('linxian.officer2', temporaryPassword)).toMatchObject({ status: 401 });
    expect(await login('linxian.officer2', 'Good2027password')).toMatchObject({
      status: 200,
      body: { mustChangePassword: false },
    });
    expect(await auditRows('account.change-password', account.id)).toHaveLength(1);
  });

  it.each([
    ['a region outside the city', { role: 'county_officer', regionCodes: ['140105'] }, 'regionCodes'],
    ['the province itself', { role: 'inspector', regionCodes: ['140000'] }, 'regionCodes'],
    ['a role above its own', { role: 'city_officer', regionCodes: ['141100'] }, 'role'],
  ])('refuses a city officer %s: 400 naming the field, nothing written', async (_label, grant, field) => {
    const before = await accountCount();
    const answer = await as('lvliang').post('/api/accounts', {
      username: `wider-${field.toLowerCase()}-${before}`,
      displayName: '越权账号',
      ...grant,
    });
    expect(answer).toMatchObject({
      status: 400,
      body: { errors: expect.arrayContaining([expect.objectContaining({ field })]) },
    });
    expect(await accountCount()).toBe(before);
  });

  it('lists only the accounts an administrator administers; others may not list at all', async () => {
    const lvliang = await as('lvliang').get('/api/accounts');
    expect(lvliang.status).toBe(200);
    const usernames = (lvliang.body as { username: string }[]).map((a) => a.username);
    expect(usernames).toEqual(expect.arrayContaining(['lvliang', 'linxian', 'zhangzhenyu', 'inspector', 'lishi']));
    expect(usernames).not.toContain('taiyuan');
    expect(usernames).not.toContain('province');
    const province = await as('province').get('/api/accounts');
    expect((province.body as { username: string }[]).map((a) => a.username)).toContain('taiyuan');
    expect(await as('linxian').get('/api/accounts')).toMatchObject({ status: 403 });
  });

  it('answers 404 for an account outside the administrator’s scope, and changes nothing', async () => {
    const list = await as('province').get('/api/accounts');
    const taiyuan = (list.body as { id: string; username: string }[]).find((a) => a.username === 'taiyuan');
    expect(await as('lvliang').patch(`/api/accounts/${taiyuan?.id}`, { disabled: true })).toMatchObject({
      status: 404,
    });
    expect(await as('lvliang').post(`/api/accounts/${taiyuan?.id}/reset-password`, {})).toMatchObject({ status: 404 });
    expect(await auditRows('account.update', String(taiyuan?.id))).toHaveLength(0);
  });

  it('refuses a disabled account’s token on its very next request, and its logins', async () => {
    const { id, token } = await newAccount('province', {
      username: 'to-disable',
      displayName: '将被停用',
      role: 'inspector',
      regionCodes: ['141124', '141102'],
    });
    expect(await withToken(token, 'GET', '/api/regions')).toMatchObject({ status: 200 });

    const disabled = await as('province').patch(`/api/accounts/${id}`, { disabled: true });
    expect(disabled).toMatchObject({ status: 200, body: { disabled: true } });
    expect(await withToken(token, 'GET', '/api/regions')).toMatchObject({ status: 401 });
    expect(await login('to-disable', 'Lvliang2027ok')).toMatchObject({ status: 401 });
    expect(await auditRows('account.update', id)).toEqual([
      expect.objectContaining({
        actor_username: 'province',
        before: expect.objectContaining({ disabled: false }),
        after: expect.objectContaining({ disabled: true }),
      }),
    ]);

    expect(await as('province').patch(`/api/accounts/${id}`, { disabled: false })).toMatchObject({ status: 200 });
    expect(await login('to-disable', 'Lvliang2027ok')).toMatchObject({ status: 200 });
  });

  it('makes a change of role or scope take effect on the next request (the old token is refused)', async () => {
    const { id, token } = await newAccount('lvliang', {
      username: 'scope-change',
      displayName: '范围变更',
      role: 'county_officer',
      regionCodes: ['141124'],
    });
    const wider = await as('lvliang').patch(`/api/accounts/${id}`, { regionCodes: ['140105'] });
    expect(wider).toMatchObject({ status: 400, body: { errors: [{ field: 'regionCodes' }] } });
    expect(await withToken(token, 'GET', '/api/regions')).toMatchObject({ status: 200 });

    expect(await as('lvliang').patch(`/api/accounts/${id}`, { regionCodes: ['141102'] })).toMatchObject({
      status: 200,
      body: { regionCodes: ['141102'] },
    });
    expect(await withToken(token, 'GET', '/api/regions')).toMatchObject({ status: 401 });
    const again = await login('scope-change', 'Lvliang2027ok');
    expect(again.body.actor).toMatchObject({ regionCodes: ['141102'] });
  });

  it('resets a password: a temporary one shown once, the old one refused, the next login must change it', async () => {
    const { id, token } = await newAccount('lvliang', {
      username: 'to-reset',
      displayName: '重置密码',
      role: 'leading_member',
      regionCodes: ['141124'],
    });
    const reset = await as('lvliang').post(`/api/accounts/${id}/reset-password`, {});
    expect(reset).toMatchObject({ status: 200, body: { account: { mustChangePassword: true } } });
    expect(await login('to-reset', 'Lvliang2027ok')).toMatchObject({ status: 401 });
    // A token from before the reset is held to the change as well.
    expect(await withToken(token, 'GET', '/api/regions')).toMatchObject({
      status: 403,
      body: { detail: '必须先修改密码' },
    });
    expect(await login('to-reset', reset.body.temporaryPassword)).toMatchObject({
      status: 200,
      body: { mustChangePassword: true },
    });
    expect(await auditRows('account.reset-password', id)).toHaveLength(1);
  });

  it('does not let an administrator change its own role or scope or disable itself', async () => {
    const list = await as('lvliang').get('/api/accounts');
    const self = (list.body as { id: string; username: string }[]).find((a) => a.username === 'lvliang');
    expect(await as('lvliang').patch(`/api/accounts/${self?.id}`, { disabled: true })).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'disabled' }] },
    });
  });
});
