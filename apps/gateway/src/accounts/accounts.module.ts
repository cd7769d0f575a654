import { Module } from '@nestjs/common';
import { AccountsRepository } from './accounts.repository';
import { DemoAccountsSeeder } from './demo-accounts.seeder';
import { PasswordHasher } from './password-hasher';

@Module({
  providers: [AccountsRepository, PasswordHasher, DemoAccountsSeeder],
  exports: [AccountsRepository, PasswordHasher],
})
export class AccountsModule {}
