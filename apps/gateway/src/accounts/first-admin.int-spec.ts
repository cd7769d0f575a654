import { DomainError, USERNAME_RULE } from '@duban/contracts';
import { AuditLog, Clock, Transactions } from '@duban/platform';
import { startGatewaySandbox, type GatewaySandbox } from '../core/__fixtures__/gateway-sandbox';
import { AccountsRepository } from './accounts.repository';
import { FirstAdministrator, type FirstAdminRequest } from './first-admin.service';
import { PasswordHasher } from './password-hasher';

/** `npm run setup -- admin`'s use case on the gateway's real schema, then the administrator logging in over HTTP. */
describe('the first province administrator (first run)', () => {
  let sandbox: GatewaySandbox;
  let first: FirstAdministrator;

  beforeAll(async () => {
    sandbox = await startGatewaySandbox('gwfirstadmin', []);
    const app = sandbox.app;
    first = new FirstAdministrator(
      app.get(AccountsRepository),
      app.get(PasswordHasher),
      app.get(Transactions),
      app.get(AuditLog),
      app.get(Clock),
    );
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const request = (overrides: Partial<FirstAdminRequest> = {}): FirstAdminRequest => ({
    username: 'ShengAdmin',
    displayName: '省人社厅管理员',
    password: 'Shanxi2027pass',
    regionCode: '140000',
    force: false,
    ...overrides,
  });
  const refusal = (call: Promise<unknown>) =>
    call.then(
      () => null,
      (error: unknown) => (error instanceof DomainError ? error.toBody() : Promise.reject(error)),
    );
  const admins = async () =>
    sandbox.db.query<{ username: string }>(
      `SELECT username FROM gateway.account WHERE role = 'province_admin' AND NOT demo ORDER BY username`,
    );

  it('refuses a weak password, a broken username or a non-province region, writing nothing', async () => {
    expect(await refusal(first.create(request({ password: 'shengadmin1' })))).toMatchObject({
      errors: [{ field: 'password' }],
    });
    expect(await refusal(first.create(request({ regionCode: '141100' })))).toMatchObject({
      errors: [{ field: 'province' }],
    });
    expect(await refusal(first.create(request({ username: 'sheng admin' })))).toMatchObject({
      errors: [{ field: 'username', message: USERNAME_RULE }],
    });
    expect(await admins()).toEqual([]);
  });

  it('creates one (the demo accounts do not count), audited; it logs in with no change asked', async () => {
    expect(await first.create(request())).toBe('created');
    expect(await admins()).toEqual([{ username: 'shengadmin' }]);
    const [row] = await sandbox.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM gateway.audit_log WHERE action = 'account.create' AND detail = 'first-run command'`,
    );
    expect(row?.n).toBe(1);
    const login = await sandbox.send({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'shengadmin', password: 'Shanxi2027pass' },
    });
    expect(login).toMatchObject({
      status: 200,
      body: { mustChangePassword: false, actor: { role: 'province_admin' } },
    });
  });

  it('refuses a second one unless forced; forced, restores an existing username with a new password', async () => {
    expect(await refusal(first.create(request({ username: 'another' })))).toMatchObject({
      errors: [{ field: 'username', message: expect.stringContaining('--force') }],
    });
    expect(await first.create(request({ password: 'Shanxi2028pass', force: true }))).toBe('password-reset');
    expect(await admins()).toEqual([{ username: 'shengadmin' }]);
    const login = await sandbox.send({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'shengadmin', password: 'Shanxi2028pass' },
      remoteAddress: '192.0.2.14',
    });
    expect(login.status).toBe(200);
  });
});
