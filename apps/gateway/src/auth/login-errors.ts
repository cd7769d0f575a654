import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError } from '@duban/contracts';

/**
 * Wrong username or password, or an account that may not log in here: one answer for all, so that it
 * never tells whether a username exists.
 */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('unauthenticated', '用户名或密码错误');
  }
}

/** The account is locked for this client address after repeated failed logins: 429, with Retry-After in seconds. */
export class AccountLockedError extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      `登录失败次数过多，该账户已暂时禁止从此地址登录，请在 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
