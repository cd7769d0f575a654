import { Injectable } from '@nestjs/common';
import type { Actor } from '@duban/contracts';
import { Clock, PlatformConfig, Transactions } from '@duban/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import { AccountsRepository, type AccountRecord } from '../accounts/accounts.repository';
import { clientKey, failureDelayMs, retryAfterSeconds, type LockoutPolicy } from '../accounts/lockout-policy';
import { LoginAttempts } from '../accounts/login-attempts.service';
import { PasswordHasher } from '../accounts/password-hasher';
import { SecurityAudit } from '../audit/security-audit';
import { GatewayConfig } from '../config';
import type { LoginRequest } from './dto/login.dto';
import { AccountLockedError, InvalidCredentialsError } from './login-errors';
import { TokenRevocations } from './token-revocations.service';
import { TokenService, type VerifiedToken } from './token.service';

export interface LoginResult {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
  readonly actor: Actor;
  /** The password was set by an administrator: every route but POST /api/me/password answers 403 until changed. */
  readonly mustChangePassword: boolean;
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
 * Login: checks the password (argon2id), counts failures, slows them down and locks the account for the
 * client's address after too many (lockout-policy.ts), audits every outcome, and issues the access token.
 */
@Injectable()
export class AuthService {
  private readonly policy: LockoutPolicy;

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly attempts: LoginAttempts,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly revocations: TokenRevocations,
    private readonly audit: SecurityAudit,
    private readonly platform: PlatformConfig,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    gateway: GatewayConfig,
  ) {
    const { maxFailedAttempts, lockoutSeconds, failureDelayMs, slowAfterFailures } = gateway.auth.lockout;
    this.policy = { maxFailedAttempts, lockoutMs: lockoutSeconds * 1000, failureDelayMs, slowAfterFailures };
  }

  /** `clientAddress`: the address the request came from (the lock and the rate limit count by it). */
  async login(request: LoginRequest, clientAddress: string): Promise<LoginResult> {
    const from = clientKey(clientAddress);
    const username = request.username.trim().toLowerCase();
    const account = await this.accounts.findByUsername(username);
    if (!account) {
      // The same argon2 work as for a real account, so that timing does not tell the two apart.
      await this.hasher.verifyDecoy(request.password);
      return this.refuse(null, username, 'unknown username', from);
    }
    const actor = actorOf(account);
    if (account.demo && !this.platform.demo) {
      await this.hasher.verify(account.passwordHash, request.password);
      return this.refuse(actor, username, 'demo account, and the gateway is not in demo mode', from);
    }
    if (account.disabledAt) {
      await this.hasher.verify(account.passwordHash, request.password);
      return this.refuse(actor, username, 'account disabled', from);
    }

    const decision = await this.attempts.begin(account.id, from, this.policy);
    if (decision === null) {
      await this.hasher.verifyDecoy(request.password);
      return this.refuse(null, username, 'account removed during login', from);
    }
    if (!decision.allowed) {
      await this.audit.loginRefused(actor, username, `account locked for ${from}`, from);
      throw new AccountLockedError(decision.retryAfterSeconds);
    }
    // The account-wide slowdown: before the check, right password or wrong, from any address.
    if (decision.waitMs) await sleep(decision.waitMs);

    if (await this.hasher.verify(account.passwordHash, request.password)) {
      const rehashed = this.hasher.needsRehash(account.passwordHash) ? await this.hasher.hash(request.password) : null;
      await this.transactions.run(async (tx) => {
        await this.attempts.succeeded(tx, account.id, from);
        if (rehashed) await this.accounts.setPasswordHash(tx, account.id, rehashed);
        await this.audit.loginSucceeded(tx, actor);
      });
      const token = await this.tokens.issue(actor);
      return {
        accessToken: token.accessToken,
        tokenType: 'Bearer',
        expiresIn: token.expiresIn,
        actor,
        mustChangePassword: account.mustChangePassword,
      };
    }

    if (decision.locksOnFailure) {
      const locked = await this.transactions.run(async (tx) => {
        const state = await this.attempts.lock(tx, account.id, from, this.policy);
        await this.audit.lockedOut(tx, actor, state.lockedUntil, decision.attempt, from);
        return state;
      });
      await this.audit.loginRefused(
        actor,
        username,
        `wrong password, attempt ${decision.attempt} from ${from}: account locked for ${from}`,
        from,
      );
      throw new AccountLockedError(retryAfterSeconds(locked.lockedUntil, this.clock.now()));
    }
    await sleep(failureDelayMs(decision.attempt, this.policy));
    return this.refuse(
      actor,
      username,
      `wrong password, attempt ${decision.attempt} of ${this.policy.maxFailedAttempts} from ${from}`,
      from,
    );
  }

  /** Logout: the caller's token is revoked (refused from its next request on, its live streams end). */
  async logout(actor: Actor, token: Pick<VerifiedToken, 'id' | 'expiresAt'>): Promise<void> {
    await this.revocations.revoke(token);
    await this.audit.loggedOut(actor, token.id);
  }

  private async refuse(actor: Actor | null, username: string, reason: string, from: string): Promise<never> {
    await this.audit.loginRefused(actor, username, reason, from);
    throw new InvalidCredentialsError();
  }
}
