import { Module } from '@nestjs/common';
import { Access } from '@duban/platform';
import { AccountAdministration } from './account-admin.service';
import { AccountsController } from './accounts.controller';
import { AccountsRepository } from './accounts.repository';
import { DemoAccountsSeeder } from './demo-accounts.seeder';
import { LoginAttemptsRepository } from './login-attempts.repository';
import { LoginAttempts } from './login-attempts.service';
import { PasswordHasher } from './password-hasher';
import { RecentAccounts } from './recent-accounts';

@Module({
  controllers: [AccountsController],
  providers: [
    AccountsRepository,
    RecentAccounts,
    LoginAttemptsRepository,
    LoginAttempts,
    PasswordHasher,
    DemoAccountsSeeder,
    AccountAdministration,
    Access,
  ],
  exports: [AccountsRepository, LoginAttemptsRepository, LoginAttempts, PasswordHasher, AccountAdministration],
})
export class AccountsModule {}
