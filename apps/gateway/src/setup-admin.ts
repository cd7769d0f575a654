import 'reflect-metadata';
import { DomainError } from '@duban/contracts';
import { loadConfigOrExit, openStandaloneDatabase, PlatformConfig } from '@duban/platform';
import { parseArgs } from 'node:util';
import { RecentAccounts } from './accounts/recent-accounts';
import { AccountsRepository } from './accounts/accounts.repository';
import { FirstAdministrator } from './accounts/first-admin.service';
import { PasswordHasher } from './accounts/password-hasher';
import { gatewayDatabase } from './database';

/**
 * `npm run setup -- admin --username NAME --password SECRET [--name 显示名] [--province 140000] [--force]`:
 * the first province administrator, in the gateway's own schema (migrated first). See FirstAdministrator.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string', default: '省级管理员' },
      province: { type: 'string', default: '140000' },
      force: { type: 'boolean', default: false },
    },
  });
  if (!values.username || !values.password) {
    console.error(
      'usage: npm run setup -- admin --username NAME --password SECRET [--name 显示名] [--province 140000] [--force]',
    );
    return 64;
  }
  // Only the database settings: the command signs no token, so it needs no DUBAN_AUTH_SECRET.
  const platform = loadConfigOrExit(() => PlatformConfig.fromEnv('gateway', process.env));
  const database = await openStandaloneDatabase(platform, gatewayDatabase);
  try {
    const accounts = new AccountsRepository(database.transactions, new RecentAccounts(database.clock));
    const first = new FirstAdministrator(
      accounts,
      new PasswordHasher(),
      database.transactions,
      database.audit,
      database.clock,
    );
    const outcome = await first.create({
      username: values.username,
      displayName: values.name,
      password: values.password,
      regionCode: values.province.padEnd(6, '0'),
      force: values.force,
    });
    console.log(
      outcome === 'created'
        ? `省级管理员 ${values.username.toLowerCase()} 已创建，可登录 Web 应用。`
        : `省级管理员 ${values.username.toLowerCase()} 已恢复（密码已重设、账号已启用）。`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error(`未创建：${error.message}`);
    for (const problem of error.errors ?? []) console.error(`  ${problem.field}: ${problem.message}`);
    return 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
