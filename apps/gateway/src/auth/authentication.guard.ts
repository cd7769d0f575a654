import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ROLE_LABELS, type Role } from '@duban/contracts';
import type { FastifyReply } from 'fastify';
import { SecurityAudit, type RequestTarget } from '../audit/security-audit';
import { BEFORE_PASSWORD_CHANGE, IS_PUBLIC, type AuthenticatedRequest } from './current-actor.decorator';
import { ROLES_KEY } from './roles.decorator';
import { SessionAdmission, type Admission } from './session-admission';

/**
 * The global guard (APP_GUARD): every route needs `Authorization: Bearer <token>` unless it is marked
 * `@Public()`. It verifies the token, puts the actor on the request (`@CurrentActor()`), then checks
 * `@Roles(...)`. A refusal is 401 (no or bad token) or 403 (role), as problem+json, and is audited with
 * the request's correlation id, method and path.
 *
 * Whether the token admits its caller is SessionAdmission's to say (shared with the project read's fast path):
 * beside the signature (verified once per token, TokenService), a look-up of the token's revocation (a
 * logout, in Redis) on every request, and the account as read within the last second (RecentAccounts): a token
 * stops working as soon as it is revoked, and as soon as its account is removed or disabled, is a demo account
 * while the gateway is not in demo mode, or has a role or regions other than those the token carries (log in
 * again): an administrator's change through this gateway takes effect on the account's next request, one
 * through another replica (or by SQL) within RECENT_ACCOUNT_MS (1 s).
 * An account whose password an administrator set may use only the routes marked
 * `@AllowedBeforePasswordChange()` (403 必须先修改密码 elsewhere) until it has changed it. A lockout does not end sessions already open: otherwise
 * anyone could log a user out by failing to log in as them five times.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  /** Each route's marks, by controller, then handler. */
  private readonly rules = new WeakMap<object, WeakMap<object, RouteRules>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly admission: SessionAdmission,
    private readonly audit: SecurityAudit,
  ) {}

  /**
   * Synchronous when memory answers every check (the token verified before, its revocation from the pushed
   * copy, the account read within the last second: the usual request), so an admitted request costs no promise
   * here (issue 17, G7); otherwise, and for every refusal (audited), a promise.
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const rules = this.rulesOf(context);
    if (rules.public) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const outcome = this.authenticate(request);
    return outcome instanceof Promise
      ? outcome.then((settled) => this.admit(settled, rules, request, http.getResponse<FastifyReply>()))
      : this.admit(outcome, rules, request, http.getResponse<FastifyReply>());
  }

  /** The request's caller put on it, or the refusal audited and thrown. */
  private admit(
    outcome: Admission,
    rules: RouteRules,
    request: AuthenticatedRequest,
    reply: FastifyReply,
  ): true | Promise<never> {
    if (!outcome.ok) {
      void reply.header('www-authenticate', 'Bearer realm="duban"');
      return this.audit.unauthenticated(targetOf(request), outcome.reason).then(() => {
        throw new DomainError('unauthenticated', outcome.detail);
      });
    }
    const { actor } = outcome.token;
    request.actor = actor;
    request.token = outcome.token;
    request.mustChangePassword = outcome.mustChangePassword;

    if (outcome.mustChangePassword && !rules.beforePasswordChange) {
      return this.audit.forbidden(actor, targetOf(request), ['(password changed)']).then(() => {
        throw new DomainError('forbidden', PASSWORD_CHANGE_REQUIRED);
      });
    }
    if (rules.roles && !rules.roles.includes(actor.role)) {
      return this.audit.forbidden(actor, targetOf(request), rules.roles).then(() => {
        throw new DomainError('forbidden', `${ROLE_LABELS[actor.role]}无权使用此功能`);
      });
    }
    return true;
  }

  /**
   * The route's marks (`@Public()`, `@AllowedBeforePasswordChange()`, `@Roles()`), read from its metadata once
   * per route rather than on every request (issue 17, G7): decorators are fixed once the app is built.
   */
  private rulesOf(context: ExecutionContext): RouteRules {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byHandler = this.rules.get(controller);
    if (!byHandler) this.rules.set(controller, (byHandler = new WeakMap()));
    let rules = byHandler.get(handler);
    if (!rules) {
      const targets = [handler, controller];
      rules = {
        public: this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true,
        beforePasswordChange:
          this.reflector.getAllAndOverride<boolean | undefined>(BEFORE_PASSWORD_CHANGE, targets) === true,
        roles: this.reflector.getAllAndOverride<readonly Role[] | undefined>(ROLES_KEY, targets),
      };
      byHandler.set(handler, rules);
    }
    return rules;
  }

  /** The bearer token judged: from memory alone when it can be (synchronous), else with the look-ups it needs. */
  private authenticate(request: AuthenticatedRequest): Admission | Promise<Admission> {
    const token = bearerToken(request.headers.authorization);
    if (token === null) {
      return { ok: false, reason: 'no bearer token', detail: '请先登录（请求需带 Authorization: Bearer 令牌）' };
    }
    return this.admission.fromMemory(token) ?? this.admission.asking(token);
  }
}

/** What the guard reads of a route's decorators. */
interface RouteRules {
  readonly public: boolean;
  readonly beforePasswordChange: boolean;
  readonly roles: readonly Role[] | undefined;
}

/** What an audited refusal names of the request (read only on a refusal: the client address costs a parse). */
function targetOf(request: AuthenticatedRequest): RequestTarget {
  return { method: request.method, path: request.url.split('?')[0] ?? request.url, clientAddress: request.ip };
}

/** The 403's detail for an account that must change its password first (the web app shows its form on it). */
export const PASSWORD_CHANGE_REQUIRED = '必须先修改密码';

/** The token of an `Authorization: Bearer <token>` header (the scheme is case-insensitive), else null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer +([A-Za-z0-9\-_.~+/]+=*) *$/i.exec(header ?? '');
  return match?.[1] ?? null;
}
