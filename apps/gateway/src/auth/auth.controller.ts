import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiNoContentResponse,
  ApiServiceUnavailableResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodValidation } from '../core/zod-validation';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { AuthService, type LoginResult } from './auth.service';
import { AllowedBeforePasswordChange, Public, type AuthenticatedRequest } from './current-actor.decorator';
import { LoginRequestDto, loginRequestSchema, LoginResponseDto, type LoginRequest } from './dto/login.dto';
import { AccountLockedError } from './login-errors';
import { LOGIN_RATE_LIMITED } from './login-rate-limit';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @RouteConfig(LOGIN_RATE_LIMITED)
  @ApiOperation({
    summary: 'Log in with username and password; returns a bearer token for every other route',
    description:
      'Failed logins are answered more and more slowly, and after DUBAN_AUTH_MAX_FAILED_ATTEMPTS (5) from one client ' +
      'address within DUBAN_AUTH_LOCKOUT_SECONDS (15 minutes) the account is locked FOR THAT ADDRESS for ' +
      'DUBAN_AUTH_LOCKOUT_SECONDS: 429 with Retry-After, even with the right password; other addresses are not ' +
      'locked. After DUBAN_AUTH_SLOW_AFTER_FAILURES (10) failures in a row from any addresses, every login to the ' +
      'account is slowed down (an exponentially growing delay, at most 30 s), never refused. Each client address ' +
      'may send DUBAN_AUTH_LOGIN_RATE_LIMIT requests per window (429 with Retry-After beyond).',
  })
  @ApiBody({ type: LoginRequestDto })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid: problem+json naming it in `errors`' })
  @ApiUnauthorizedResponse({
    description: 'Wrong username or password (the same answer whether the username exists or not)',
  })
  @ApiTooManyRequestsResponse({
    description: 'Account locked for this address, or too many requests from this address: see Retry-After',
  })
  async login(
    @Body(new ZodValidation(loginRequestSchema)) credentials: LoginRequest,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResult> {
    try {
      return await this.auth.login(credentials, request.ip);
    } catch (error) {
      if (error instanceof AccountLockedError) void reply.header('retry-after', String(error.retryAfterSeconds));
      throw error;
    }
  }

  @Post('logout')
  @UseInterceptors(IdempotencyInterceptor)
  @AllowedBeforePasswordChange()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Log out: the bearer token of this request is revoked',
    description:
      'The token is refused (401) from its next request on, by every gateway, until it would have expired anyway; ' +
      'the live inbox streams opened with it end at once. Log in again for a new token.',
  })
  @ApiNoContentResponse({ description: 'The token is revoked' })
  @ApiUnauthorizedResponse({ description: 'No bearer token, or one that is invalid, expired or already revoked' })
  @ApiServiceUnavailableResponse({
    description: 'The revocation could not be stored for every gateway (Redis unreachable): refused here, retry',
  })
  async logout(@Req() request: AuthenticatedRequest): Promise<void> {
    if (!request.actor || !request.token) throw new Error('logout ran where the authentication guard did not');
    await this.auth.logout(request.actor, request.token);
  }
}
