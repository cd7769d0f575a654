import { isStoredUsername, USERNAME_RULE, ValidationError, type FieldError } from '@duban/contracts';
import type { AuditLog, Clock, Transactions } from '@duban/platform';
import { v7 as uuidv7 } from 'uuid';
import { levelOfCode, passwordProblems } from './account-admin-rules';
import { AccountAuditAction } from './account-admin.service';
import type { AccountsRepository } from './accounts.repository';
import type { PasswordHasher } from './password-hasher';

export interface FirstAdminRequest {
  readonly username: string;
  readonly displayName: string;
  readonly password: string;
  /** The province's code (140000). */
  readonly regionCode: string;
  /** Make one although a province administrator exists (or give an existing username this password again). */
  readonly force: boolean;
}

export type FirstAdminOutcome = 'created' | 'password-reset';

/**
 * The first province administrator, made by `npm run setup -- admin` before anyone can log in (after that,
 * people are administered in the app). Refuses when an active province administrator exists, unless forced:
 * forced, it creates another one, or, for a username that exists, sets its password, role and province
 * again and enables it (the way back in for a province that has lost its administrator's password).
 * The password is the administrator's own (it passes the policy), so no change is asked at the first login.
 */
export class FirstAdministrator {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly hasher: PasswordHasher,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async create(request: FirstAdminRequest): Promise<FirstAdminOutcome> {
    const username = request.username.trim().toLowerCase();
    const problems: FieldError[] = [...passwordProblems(request.password, username)];
    if (!isStoredUsername(username)) problems.push({ field: 'username', message: USERNAME_RULE });
    if (!/^\d{6}$/.test(request.regionCode) || levelOfCode(request.regionCode) !== 'province') {
      problems.push({ field: 'province', message: '应为省级行政区划代码，如 140000' });
    }
    if (problems.length > 0) throw new ValidationError(problems, '参数有误');
    const passwordHash = await this.hasher.hash(request.password);
    return this.transactions.run(async (tx) => {
      // One first-run at a time: two at once could each see no administrator.
      await this.accounts.lockFirstAdministrator(tx);
      if (!request.force && (await this.accounts.countActiveProvinceAdmins(tx)) > 0) {
        throw new ValidationError(
          [{ field: 'username', message: '已有省级管理员；如确需再建或找回，请加 --force' }],
          '已有省级管理员',
        );
      }
      const now = this.clock.now();
      const existing = await this.accounts.findByUsername(username);
      if (existing) {
        if (!request.force) {
          throw new ValidationError([{ field: 'username', message: '用户名已被使用' }], '用户名已被使用');
        }
        await this.accounts.update(
          tx,
          existing.id,
          { role: 'province_admin', regionCodes: [request.regionCode], disabledAt: null },
          now,
        );
        await this.accounts.setPassword(tx, existing.id, passwordHash, false, now);
        await this.audit.recordDone(tx, {
          actor: null,
          action: AccountAuditAction.resetPassword,
          targetType: 'account',
          targetId: existing.id,
          after: { role: 'province_admin', regionCodes: [request.regionCode], disabled: false },
          detail: 'first-run command with --force: province administrator restored',
        });
        return 'password-reset';
      }
      const id = uuidv7();
      await this.accounts.create(tx, {
        id,
        username,
        displayName: request.displayName,
        passwordHash,
        role: 'province_admin',
        regionCodes: [request.regionCode],
        demo: false,
        createdAt: now,
        createdBy: null,
        mustChangePassword: false,
      });
      await this.audit.recordDone(tx, {
        actor: null,
        action: AccountAuditAction.create,
        targetType: 'account',
        targetId: id,
        after: {
          username,
          displayName: request.displayName,
          role: 'province_admin',
          regionCodes: [request.regionCode],
        },
        detail: 'first-run command',
      });
      return 'created';
    });
  }
}
