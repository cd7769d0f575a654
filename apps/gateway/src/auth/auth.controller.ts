import { Body, Controller, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ZodValidation } from '../core/zod-validation';
import { AuthService, type LoginResult } from './auth.service';
import { Public } from './current-actor.decorator';
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
      'Failed logins are answered more and more slowly, and after DUBAN_AUTH_MAX_FAILED_ATTEMPTS (5) in a row the ' +
      'account is locked for DUBAN_AUTH_LOCKOUT_SECONDS (15 minutes): 429 with Retry-After, even with the right ' +
      'password. Each client address may send DUBAN_AUTH_LOGIN_RATE_LIMIT requests per window (429 with Retry-After beyond).',
  })
  @ApiBody({ type: LoginRequestDto })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid: problem+json naming it in `errors`' })
  @ApiUnauthorizedResponse({
    description: 'Wrong username or password (the same answer whether the username exists or not)',
  })
  @ApiTooManyRequestsResponse({
    description: 'Account locked, or too many requests from this address: see Retry-After',
  })
  async login(
    @Body(new ZodValidation(loginRequestSchema)) credentials: LoginRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResult> {
    try {
      return await this.auth.login(credentials);
    } catch (error) {
      if (error instanceof AccountLockedError) void reply.header('retry-after', String(error.retryAfterSeconds));
      throw error;
    }
  }
}
