import { Injectable } from '@nestjs/common';
import type { Actor } from '@duban/contracts';
import { AuditLog, Clock, PlatformConfig, Transactions } from '@duban/platform';
import { createHash, randomBytes } from 'node:crypto';
import { AccountsRepository } from '../accounts/accounts.repository';
import { AuditAction } from '../audit/security-audit';
import { CalendarTokensRepository } from './calendar-tokens.repository';

/** What `POST /api/me/calendar-token` answers: the URL is shown this once (only its hash is kept). */
export interface IssuedCalendarToken {
  readonly url: string;
  readonly createdAt: string;
}

/** A feed token as it appears in the URL: 256 random bits, base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function feedUrl(token: string): string {
  return `/api/calendar/${token}.ics`;
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Personal calendar feed tokens: one per user, rotated by issuing a new one, revoked by deleting it. A feed
 * request is answered as the token's owner, read afresh from the accounts each time (a removed account, or
 * a demo one outside demo mode, has no feed), so scope and role are those the owner has now.
 */
@Injectable()
export class CalendarTokens {
  constructor(
    private readonly tokens: CalendarTokensRepository,
    private readonly accounts: AccountsRepository,
    private readonly clock: Clock,
    private readonly platform: PlatformConfig,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

  async issue(actor: Actor): Promise<IssuedCalendarToken> {
    const token = randomBytes(32).toString('base64url');
    const createdAt = this.clock.now();
    await this.transactions.run(async (tx) => {
      await this.tokens.put(tx, actor.userId, hashOf(token), createdAt);
      await this.audit.recordDone(tx, {
        actor,
        action: AuditAction.calendarTokenIssue,
        targetType: 'calendar_feed',
        targetId: actor.userId,
        detail: 'personal calendar feed token issued (any previous one stops working)',
      });
    });
    return { url: feedUrl(token), createdAt: createdAt.toISOString() };
  }

  async revoke(actor: Actor): Promise<void> {
    await this.transactions.run(async (tx) => {
      if (!(await this.tokens.remove(tx, actor.userId))) return;
      await this.audit.recordDone(tx, {
        actor,
        action: AuditAction.calendarTokenRevoke,
        targetType: 'calendar_feed',
        targetId: actor.userId,
        detail: 'personal calendar feed token revoked by its holder',
      });
    });
  }

  async state(actor: Actor): Promise<{ active: boolean; createdAt: string | null }> {
    const createdAt = await this.tokens.createdAtOf(actor.userId);
    return { active: createdAt !== null, createdAt: createdAt?.toISOString() ?? null };
  }

  /** The owner of a feed token as an actor, or null for a malformed, revoked or replaced token. */
  async ownerOf(token: string): Promise<Actor | null> {
    if (!TOKEN.test(token)) return null;
    const userId = await this.tokens.ownerOf(hashOf(token));
    const account = userId ? await this.accounts.findById(userId) : null;
    if (!account || (account.demo && !this.platform.demo)) return null;
    return {
      userId: account.id,
      username: account.username,
      displayName: account.displayName,
      role: account.role,
      regionCodes: account.regionCodes,
    };
  }
}
