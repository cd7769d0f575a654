import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock, PlatformConfig } from '@duban/platform';
import { v7 as uuidv7 } from 'uuid';
import { AccountsRepository } from './accounts.repository';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts';
import { PasswordHasher } from './password-hasher';

/**
 * Creates the demo identities at start when DUBAN_DEMO=true. Idempotent: only missing usernames are hashed
 * and inserted (ON CONFLICT DO NOTHING), so a restart or a second replica changes nothing, and an account
 * someone has changed since is not reset. Outside demo mode it does nothing, and demo accounts that exist
 * from an earlier demo run cannot log in (AuthService refuses them).
 */
@Injectable()
export class DemoAccountsSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoAccounts');

  constructor(
    private readonly config: PlatformConfig,
    private readonly accounts: AccountsRepository,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo) return;
    const existing = await this.accounts.existingUsernames(DEMO_ACCOUNTS.map((account) => account.username));
    const missing = DEMO_ACCOUNTS.filter((account) => !existing.has(account.username));
    const added = await this.accounts.insertMissing(
      await Promise.all(
        missing.map(async (account) => ({
          id: uuidv7(),
          username: account.username,
          displayName: account.displayName,
          role: account.role,
          regionCodes: [...account.regionCodes],
          passwordHash: await this.hasher.hash(DEMO_PASSWORD),
          demo: true,
          createdAt: this.clock.now(),
        })),
      ),
    );
    this.logger.log(`Demo accounts: ${added.length} added (password ${DEMO_PASSWORD})`);
  }
}
