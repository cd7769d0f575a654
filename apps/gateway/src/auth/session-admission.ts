import { Injectable } from '@nestjs/common';
import { PlatformConfig } from '@duban/platform';
import { AccountsRepository, type AccountRecord } from '../accounts/accounts.repository';
import { TokenRevocations } from './token-revocations.service';
import { InvalidTokenError, TokenService, type VerifiedToken } from './token.service';

/** A bearer token judged: its caller admitted, or refused (the reason is for the audit trail only). */
export type Admission =
  { ok: true; token: VerifiedToken; mustChangePassword: boolean } | { ok: false; reason: string; detail: string };

/** An admission that let the caller in. */
export type Admitted = Extract<Admission, { ok: true }>;

/**
 * Whether a bearer token lets its caller in now: its signature (verified once per token, TokenService), its
 * revocation (a logout, in Redis), and its account as read within the last second (RecentAccounts). The one
 * place these are decided: the authentication guard asks it on every route, and the project read's fast path
 * (project-read.fast-path.ts) asks `fromMemory` before the guard would run.
 */
@Injectable()
export class SessionAdmission {
  constructor(
    private readonly tokens: TokenService,
    private readonly revocations: TokenRevocations,
    private readonly accounts: AccountsRepository,
    private readonly platform: PlatformConfig,
  ) {}

  /**
   * The token judged from memory alone (the token verified before, its revocation from the pushed copy, the
   * account read within the last second: the usual request), synchronously; undefined when memory cannot tell.
   */
  fromMemory(token: string): Admission | undefined {
    const verified = this.tokens.remembered(token);
    if (!verified) return undefined;
    const revoked = this.revocations.knownRevoked(verified.id);
    const account = this.accounts.keptRecentById(verified.actor.userId);
    return revoked !== undefined && account !== undefined ? this.judge(verified, revoked, account) : undefined;
  }

  /** The token judged with the look-ups memory could not answer. */
  async asking(token: string): Promise<Admission> {
    let verified: VerifiedToken;
    try {
      verified = await this.tokens.verifyToken(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) return refused(error.reason);
      throw error;
    }
    // Two independent look-ups (Redis, the account), asked together.
    const [revoked, account] = await Promise.all([
      this.revocations.isRevoked(verified.id),
      this.accounts.findRecentById(verified.actor.userId),
    ]);
    return this.judge(verified, revoked, account);
  }

  /** A verified token, its revocation and its account (null: gone) judged together. */
  private judge(verified: VerifiedToken, revoked: boolean, account: AccountRecord | null): Admission {
    const { actor } = verified;
    if (revoked) return refused('token revoked (logged out)');
    if (!account) return refused(`account ${actor.userId} no longer exists`);
    if (account.disabledAt) return refused('account disabled');
    if (account.demo && !this.platform.demo) return refused('demo account, and the gateway is not in demo mode');
    if (account.role !== actor.role || !sameRegions(account.regionCodes, actor.regionCodes)) {
      return refused('role or regions changed since the token was issued');
    }
    return { ok: true, token: verified, mustChangePassword: account.mustChangePassword };
  }
}

function refused(reason: string): Admission {
  return { ok: false, reason, detail: '登录已失效，请重新登录' };
}

function sameRegions(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  // The usual case (the token carries the account's list as it was) compares without sorting copies.
  if (a.every((code, i) => code === b[i])) return true;
  return [...a].sort().join() === [...b].sort().join();
}
