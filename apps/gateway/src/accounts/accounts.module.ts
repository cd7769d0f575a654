import { Module } from '@nestjs/common';
import { AccountsRepository } from './accounts.repository';
import { DemoAccountsSeeder } from './demo-accounts.seeder';
import { LoginAttemptsRepository } from './login-attempts.repository';
import { LoginAttempts } from './login-attempts.service';
import { PasswordHasher } from './password-hasher';

@Module({
  providers: [AccountsRepository, LoginAttemptsRepository, LoginAttempts, PasswordHasher, DemoAccountsSeeder],
  exports: [AccountsRepository, LoginAttemptsRepository, LoginAttempts, PasswordHasher],
})
export class AccountsModule {}
