import { Injectable } from '@nestjs/common';
import {
  DomainError,
  NotFoundError,
  ROLE_LABELS,
  ValidationError,
  type Actor,
  type FieldError,
} from '@duban/contracts';
import { Access, AuditLog, Clock, Transactions, type Tx } from '@duban/platform';
import { randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { ADMINISTRATOR_ROLES, administers, grantProblems, passwordProblems } from './account-admin-rules';
import { AccountsRepository, type AccountChanges, type AccountRecord } from './accounts.repository';
import type {
  AccountView,
  AccountWithPassword,
  ChangePasswordBody,
  CreateAccountBody,
  UpdateAccountBody,
} from './dto/account.dto';
import { PasswordHasher } from './password-hasher';

/** Audit action names of account administration: stored in the trail and queried by them, stable. */
export const AccountAuditAction = {
  create: 'account.create',
  update: 'account.update',
  resetPassword: 'account.reset-password',
  changePassword: 'account.change-password',
} as const;

const NOT_FOUND = '账号不存在';
/** No 0/O, 1/l/I: a temporary password is read out or copied by hand. */
const TEMPORARY_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const TEMPORARY_LENGTH = 14;

/**
 * People (issue 13): administrators create, change, disable accounts and reset their passwords within
 * their own scope (account-admin-rules.ts); every holder changes their own password, and must before
 * anything else when an administrator set it. Every change is audited in its transaction. A change of
 * role, regions or a disabling needs no token revocation: the authentication guard reads the account on
 * every request and refuses tokens that no longer match it.
 */
@Injectable()
export class AccountAdministration {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly hasher: PasswordHasher,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly access: Access,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor): Promise<AccountView[]> {
    await this.requireAdministrator(actor, 'account.list', null);
    const all = await this.accounts.listAll();
    return all.filter((account) => administers(actor, account) || account.id === actor.userId).map(accountView);
  }

  async create(actor: Actor, body: CreateAccountBody): Promise<AccountWithPassword> {
    await this.requireAdministrator(actor, AccountAuditAction.create, null);
    const problems = grantProblems(actor, body.role, body.regionCodes);
    if (problems.length > 0) throw new ValidationError(problems, '账号的角色或地区超出您的权限');
    const temporaryPassword = temporaryPasswordFor(body.username);
    const passwordHash = await this.hasher.hash(temporaryPassword);
    const id = uuidv7();
    const account = await this.transactions.run(async (tx) => {
      const now = this.clock.now();
      const created = await this.accounts.create(tx, {
        id,
        username: body.username,
        displayName: body.displayName,
        passwordHash,
        role: body.role,
        regionCodes: body.regionCodes,
        demo: false,
        createdAt: now,
        createdBy: actor.userId,
        mustChangePassword: true,
      });
      if (!created) throw new ValidationError([{ field: 'username', message: '用户名已被使用' }], '用户名已被使用');
      const record = await this.requireAccount(tx, id);
      await this.audit.recordDone(tx, {
        actor,
        action: AccountAuditAction.create,
        targetType: 'account',
        targetId: id,
        after: auditShape(record),
      });
      return record;
    });
    return { account: accountView(account), temporaryPassword };
  }

  async update(actor: Actor, id: string, body: UpdateAccountBody): Promise<AccountView> {
    await this.requireAdministrator(actor, AccountAuditAction.update, id);
    return this.transactions.run(async (tx) => {
      const before = await this.requireAdministered(tx, actor, AccountAuditAction.update, id);
      const problems: FieldError[] = [];
      if (before.id === actor.userId) {
        for (const field of ['role', 'regionCodes', 'disabled'] as const) {
          if (body[field] !== undefined) problems.push({ field, message: '不能修改自己的角色、地区或停用自己' });
        }
      }
      const role = body.role ?? before.role;
      const regionCodes = body.regionCodes ?? before.regionCodes;
      if (body.role !== undefined || body.regionCodes !== undefined) {
        problems.push(...grantProblems(actor, role, regionCodes));
      }
      if (problems.length > 0) throw new ValidationError(problems, '账号的修改超出您的权限');
      const now = this.clock.now();
      const changes: AccountChanges = {
        ...(body.displayName !== undefined && { displayName: body.displayName }),
        ...(body.role !== undefined && { role: body.role }),
        ...(body.regionCodes !== undefined && { regionCodes: body.regionCodes }),
        ...(body.disabled !== undefined && {
          disabledAt: body.disabled ? (before.disabledAt ?? now) : null,
        }),
      };
      await this.accounts.update(tx, id, changes, now);
      const after = await this.requireAccount(tx, id);
      await this.audit.recordDone(tx, {
        actor,
        action: AccountAuditAction.update,
        targetType: 'account',
        targetId: id,
        before: auditShape(before),
        after: auditShape(after),
      });
      return accountView(after);
    });
  }

  async resetPassword(actor: Actor, id: string): Promise<AccountWithPassword> {
    await this.requireAdministrator(actor, AccountAuditAction.resetPassword, id);
    return this.transactions.run(async (tx) => {
      const account = await this.requireAdministered(tx, actor, AccountAuditAction.resetPassword, id);
      if (account.id === actor.userId) {
        throw new ValidationError([{ field: 'id', message: '不能重置自己的密码，请在“修改密码”中修改' }]);
      }
      const temporaryPassword = temporaryPasswordFor(account.username);
      await this.accounts.setPassword(tx, id, await this.hasher.hash(temporaryPassword), true, this.clock.now());
      await this.audit.recordDone(tx, {
        actor,
        action: AccountAuditAction.resetPassword,
        targetType: 'account',
        targetId: id,
        detail: 'temporary password set; the holder must change it at the next login',
      });
      return { account: accountView(await this.requireAccount(tx, id)), temporaryPassword };
    });
  }

  /** The holder's own new password; the one that clears "must change". */
  async changeOwnPassword(actor: Actor, body: ChangePasswordBody): Promise<void> {
    const account = await this.accounts.findById(actor.userId);
    if (!account) throw new NotFoundError(NOT_FOUND);
    if (!(await this.hasher.verify(account.passwordHash, body.currentPassword))) {
      throw new ValidationError([{ field: 'currentPassword', message: '当前密码不正确' }], '当前密码不正确');
    }
    const problems = passwordProblems(body.newPassword, account.username, 'newPassword');
    if (body.newPassword === body.currentPassword) {
      problems.push({ field: 'newPassword', message: '新密码不能与当前密码相同' });
    }
    if (problems.length > 0) throw new ValidationError(problems, '新密码不符合要求');
    const passwordHash = await this.hasher.hash(body.newPassword);
    await this.transactions.run(async (tx) => {
      await this.accounts.setPassword(tx, account.id, passwordHash, false, this.clock.now());
      await this.audit.recordDone(tx, {
        actor,
        action: AccountAuditAction.changePassword,
        targetType: 'account',
        targetId: account.id,
        detail: account.mustChangePassword ? 'first password of the holder’s own' : 'changed by the holder',
      });
    });
  }

  private async requireAdministrator(actor: Actor, action: string, targetId: string | null): Promise<void> {
    await this.access.requireRole(
      { actor, action, targetType: 'account', targetId },
      ADMINISTRATOR_ROLES,
      `${ROLE_LABELS[actor.role]}无权管理账号`,
    );
  }

  /** The account under its lock when the administrator administers it (or it is the administrator); else 404. */
  private async requireAdministered(tx: Tx, actor: Actor, action: string, id: string): Promise<AccountRecord> {
    const account = await this.accounts.lockById(tx, id);
    return this.access.requireInScope(
      { actor, action, targetType: 'account', targetId: id },
      account,
      // administers() is the scope rule here: an account is "in scope" when the administrator may manage it.
      (found) => (found.id === actor.userId || administers(actor, found) ? actor.regionCodes : []),
      NOT_FOUND,
    );
  }

  private async requireAccount(tx: Tx, id: string): Promise<AccountRecord> {
    const account = await this.accounts.lockById(tx, id);
    if (!account) throw new DomainError('internal', `account ${id} vanished inside its transaction`);
    return account;
  }
}

export function accountView(account: AccountRecord): AccountView {
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    roleLabel: ROLE_LABELS[account.role],
    regionCodes: [...account.regionCodes],
    disabled: account.disabledAt !== null,
    mustChangePassword: account.mustChangePassword,
    demo: account.demo,
    createdAt: account.createdAt.toISOString(),
    updatedAt: account.updatedAt?.toISOString() ?? null,
  };
}

/** What the audit trail keeps of an account: never its password hash. */
function auditShape(account: AccountRecord) {
  return {
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    regionCodes: account.regionCodes,
    disabled: account.disabledAt !== null,
  };
}

/** A random password that meets the policy (letters and digits, long enough, not the username). */
export function temporaryPasswordFor(username: string): string {
  for (;;) {
    const password = Array.from(
      { length: TEMPORARY_LENGTH },
      () => TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)],
    ).join('');
    if (passwordProblems(password, username).length === 0) return password;
  }
}
