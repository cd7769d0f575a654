import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@duban/contracts';
import type { FastifyRequest } from 'fastify';
import type { VerifiedToken } from './token.service';

/** The request after the authentication guard has verified its bearer token: whose it is, and which token. */
export type AuthenticatedRequest = FastifyRequest & {
  actor?: Actor;
  token?: Pick<VerifiedToken, 'id' | 'expiresAt'>;
  /** The account's password was set by an administrator and must be changed first (read per request). */
  mustChangePassword?: boolean;
};

/**
 * The verified caller of this request. The global authentication guard puts it on the request; a route
 * without `@Public()` never runs without one.
 */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route the authentication guard did not run for');
  return actor;
});

export const IS_PUBLIC = 'duban:public';

/** Marks a route that needs no login (health, login itself, API docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

export const BEFORE_PASSWORD_CHANGE = 'duban:before-password-change';

/**
 * A route an account whose password an administrator set may still use (its own details, changing the
 * password, logging out); every other route refuses it with 403 必须先修改密码 until it has changed it.
 */
export const AllowedBeforePasswordChange = (): MethodDecorator & ClassDecorator =>
  SetMetadata(BEFORE_PASSWORD_CHANGE, true);
