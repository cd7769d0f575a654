import { HttpException, HttpStatus } from '@nestjs/common';
import fastifyRateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { PlatformConfig } from '@duban/platform';
import type Redis from 'ioredis';
import { clientKey } from '../accounts/lockout-policy';
import type { GatewayConfig } from '../config';

/**
 * Route config (`@RouteConfig(LOGIN_RATE_LIMITED)`) for the routes that share the login limit; its
 * numbers are the plugin's (from GatewayConfig), so no setting lives in a decorator.
 */
export const LOGIN_RATE_LIMITED = { rateLimit: {} } as const;

/**
 * Limits requests per client address on the routes marked LOGIN_RATE_LIMITED (`@fastify/rate-limit`,
 * counting in Redis so that every gateway replica shares the count). Beyond the limit: 429 problem+json
 * with Retry-After, before the request reaches Nest (no password is checked, nothing is written).
 *
 * If Redis is unreachable the limit is skipped rather than refusing every login; the lockout per account and
 * address (in Postgres) still bounds guessing. Behind a reverse proxy, the client address is the proxy's unless
 * Fastify's `trustProxy` is set.
 *
 * Must be registered before the application initialises: the plugin sees only routes added after it.
 */
export async function registerLoginRateLimit(
  app: NestFastifyApplication,
  platform: PlatformConfig,
  gateway: GatewayConfig,
  redis: Redis,
): Promise<void> {
  await app.register(fastifyRateLimit, {
    global: false,
    max: gateway.auth.loginRateLimit.max,
    timeWindow: gateway.auth.loginRateLimit.windowMs,
    redis,
    // Redis keys; the namespace keeps test runs apart.
    nameSpace: `duban:${platform.namespace || 'default'}:rate-limit:`,
    skipOnError: true,
    // IPv6 clients by their /64, as the lockout counts them.
    keyGenerator: (request) => clientKey(request.ip),
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    errorResponseBuilder: (_request, context) =>
      new HttpException(`请求过于频繁，请在 ${Math.ceil(context.ttl / 1000)} 秒后再试`, HttpStatus.TOO_MANY_REQUESTS),
  });
}
