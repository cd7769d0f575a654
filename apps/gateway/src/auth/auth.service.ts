import { Injectable } from '@nestjs/common';
import type { Actor } from '@duban/contracts';
import { Clock, PlatformConfig, Transactions } from '@duban/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import { AccountsRepository, type AccountRecord } from '../accounts/accounts.repository';
import {
  beginAttempt,
  failureDelayMs,
  lockedFrom,
  retryAfterSeconds,
  UNLOCKED,
  type LockoutPolicy,
} from '../accounts/lockout-policy';
import { PasswordHasher } from '../accounts/password-hasher';
import { SecurityAudit } from '../audit/security-audit';
import { GatewayConfig } from '../config';
import type { LoginRequest } from './dto/login.dto';
import { AccountLockedError, InvalidCredentialsError } from './login-errors';
import { TokenService } from './token.service';

export interface LoginResult {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
  readonly actor: Actor;
}

export function actorOf(
  account: Pick<AccountRecord, 'id' | 'username' | 'displayName' | 'role' | 'regionCodes'>,
): Actor {
  return {
    userId: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    regionCodes: [...account.regionCodes],
  };
}

/**
 * Login: checks the password (argon2id), counts failures, slows them down and locks the account after
 * too many (lockout-policy.ts), audits every outcome, and issues the access token.
 */
@Injectable()
export class AuthService {
  private readonly policy: LockoutPolicy;

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly audit: SecurityAudit,
    private readonly platform: PlatformConfig,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    gateway: GatewayConfig,
  ) {
    const { maxFailedAttempts, lockoutSeconds, failureDelayMs } = gateway.auth.lockout;
    this.policy = { maxFailedAttempts, lockoutMs: lockoutSeconds * 1000, failureDelayMs };
  }

  async login(request: LoginRequest): Promise<LoginResult> {
    const username = request.username.trim().toLowerCase();
    const account = await this.accounts.findByUsername(username);
    if (!account) {
      // The same argon2 work as for a real account, so that timing does not tell the two apart.
      await this.hasher.verifyDecoy(request.password);
      return this.refuse(null, username, 'unknown username');
    }
    const actor = actorOf(account);
    if (account.demo && !this.platform.demo) {
      await this.hasher.verify(account.passwordHash, request.password);
      return this.refuse(actor, username, 'demo account, and the gateway is not in demo mode');
    }

    const decision = await this.accounts.beginAttempt(account.id, (state) =>
      beginAttempt(state, this.clock.now(), this.policy),
    );
    if (decision === null) {
      await this.hasher.verifyDecoy(request.password);
      return this.refuse(null, username, 'account removed during login');
    }
    if (!decision.allowed) {
      await this.audit.loginRefused(actor, username, 'account locked');
      throw new AccountLockedError(decision.retryAfterSeconds);
    }

    if (await this.hasher.verify(account.passwordHash, request.password)) {
      const rehashed = this.hasher.needsRehash(account.passwordHash) ? await this.hasher.hash(request.password) : null;
      await this.transactions.run(async (tx) => {
        await this.accounts.setAttemptState(tx, account.id, UNLOCKED);
        if (rehashed) await this.accounts.setPasswordHash(tx, account.id, rehashed);
        await this.audit.loginSucceeded(tx, actor);
      });
      const token = await this.tokens.issue(actor);
      return { accessToken: token.accessToken, tokenType: 'Bearer', expiresIn: token.expiresIn, actor };
    }

    if (decision.locksOnFailure) {
      const now = this.clock.now();
      const locked = lockedFrom(now, this.policy);
      await this.transactions.run(async (tx) => {
        await this.accounts.setAttemptState(tx, account.id, locked);
        await this.audit.lockedOut(tx, actor, locked.lockedUntil, decision.attempt);
      });
      await this.audit.loginRefused(actor, username, `wrong password, attempt ${decision.attempt}: account locked`);
      throw new AccountLockedError(retryAfterSeconds(locked.lockedUntil, now));
    }
    await sleep(failureDelayMs(decision.attempt, this.policy));
    return this.refuse(
      actor,
      username,
      `wrong password, attempt ${decision.attempt} of ${this.policy.maxFailedAttempts}`,
    );
  }

  private async refuse(actor: Actor | null, username: string, reason: string): Promise<never> {
    await this.audit.loginRefused(actor, username, reason);
    throw new InvalidCredentialsError();
  }
}
