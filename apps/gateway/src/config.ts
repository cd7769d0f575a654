import { baseEnvSchema, parseEnv, PlatformConfig, type Environment } from '@duban/platform';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * The signing secret used when `DUBAN_DEMO=true` and no `DUBAN_AUTH_SECRET` is set. It is public (it is in
 * this file), so anyone can mint a token for a demo gateway: demo mode only, and a warning is logged at start.
 */
export const DEMO_AUTH_SECRET = 'duban-demo-only-secret-never-use-in-production';

const gatewayEnvSchema = baseEnvSchema
  .extend({
    DUBAN_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    DUBAN_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /**
     * Who may say who the client is (X-Forwarded-For): the reverse proxies in front of the gateway, as a list
     * of addresses or CIDR ranges, or the number of proxy hops. Unset: nobody, the client is the peer. The
     * lockout and the login rate limit count per client address: behind an untrusted proxy every user would
     * share its address; trusting everyone would let a guesser name a fresh address per request.
     */
    DUBAN_TRUST_PROXY: z
      .string()
      .trim()
      .min(1)
      .transform((value, context) => {
        if (/^\d+$/.test(value)) {
          const hops = Number(value);
          if (hops >= 1 && hops <= 10) return hops;
          context.addIssue({ code: 'custom', message: 'a hop count must be between 1 and 10' });
          return z.NEVER;
        }
        const entries = value.split(',').map((entry) => entry.trim());
        const wrong = entries.filter((entry) => !isAddressOrRange(entry));
        if (wrong.length === 0) return entries;
        context.addIssue({
          code: 'custom',
          message: `not an IP address or CIDR range: ${wrong.join(', ')} (a list of proxies, or a hop count)`,
        });
        return z.NEVER;
      })
      .optional(),
    /** How long /api/health waits for each service before calling it down. */
    DUBAN_HEALTH_TIMEOUT_MS: z.coerce.number().int().positive().default(1500),
    /** HS256 key of the access tokens. Required outside demo mode. */
    DUBAN_AUTH_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    DUBAN_AUTH_TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600)
      .default(28_800),
    /** Failed logins from one client address (within the lockout) that lock the account for that address. */
    DUBAN_AUTH_MAX_FAILED_ATTEMPTS: z.coerce.number().int().min(2).max(100).default(5),
    /** Failed logins in a row on an account, from every address, after which each login to it is slowed down. */
    DUBAN_AUTH_SLOW_AFTER_FAILURES: z.coerce.number().int().min(2).max(10_000).default(10),
    DUBAN_AUTH_LOCKOUT_SECONDS: z.coerce.number().int().positive().default(900),
    /** First step of the progressive delay on failed logins; it doubles with each further failure. 0: none. */
    DUBAN_AUTH_FAILURE_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(1000),
    /** Login requests allowed per client address and window. */
    DUBAN_AUTH_LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
    DUBAN_AUTH_LOGIN_RATE_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
    /** How long an Idempotency-Key and the answer it got are kept. */
    DUBAN_IDEMPOTENCY_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(24),
    /** The built web app served at `/` (`nx build web`). Default: apps/web/dist of this checkout. */
    DUBAN_WEB_ROOT: z.string().default(path.resolve(__dirname, '../../web/dist')),
  })
  .refine((env) => env.DUBAN_DEMO === true || typeof env.DUBAN_AUTH_SECRET === 'string', {
    path: ['DUBAN_AUTH_SECRET'],
    message: 'required unless DUBAN_DEMO=true',
    // Runs even when other variables are bad, so that every problem is listed in one go.
    when: (payload) =>
      !payload.issues.some((issue) => ['DUBAN_AUTH_SECRET', 'DUBAN_DEMO'].includes(String(issue.path?.[0]))),
  });

/** `203.0.113.4`, `198.51.100.0/24`, `::1`, `2001:db8::/32`: an address, or a range with a prefix length its family allows. */
function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** The HTTP listener. */
export interface HttpSettings {
  readonly host: string;
  readonly port: number;
  /** Fastify's `trustProxy`: the proxies (or hop count) whose X-Forwarded-For is believed; false: none. */
  readonly trustedProxies: readonly string[] | number | false;
}

/** Login, tokens and the defences of the login route. */
export interface AuthSettings {
  readonly secret: string;
  /** The secret is DEMO_AUTH_SECRET (demo mode without DUBAN_AUTH_SECRET); a warning is logged at start. */
  readonly usesDemoSecret: boolean;
  readonly tokenTtlSeconds: number;
  readonly lockout: {
    readonly maxFailedAttempts: number;
    readonly lockoutSeconds: number;
    readonly failureDelayMs: number;
    readonly slowAfterFailures: number;
  };
  readonly loginRateLimit: { readonly max: number; readonly windowMs: number };
}

/** Idempotent writes (`Idempotency-Key`). */
export interface IdempotencySettings {
  /** How long a key and its answer are kept. */
  readonly ttlMs: number;
}

/** The gateway's own settings, beside the platform ones. */
export class GatewayConfig {
  constructor(
    readonly http: HttpSettings,
    readonly healthTimeoutMs: number,
    readonly auth: AuthSettings,
    /** Directory of the built web app; without an index.html in it, `/` is not served (a warning says so). */
    readonly webRoot: string,
    readonly idempotency: IdempotencySettings,
  ) {}
}

/** Parses the gateway's whole environment in one pass, so every bad variable is reported together. */
export function loadGatewayConfig(env: Environment): { platform: PlatformConfig; gateway: GatewayConfig } {
  const parsed = parseEnv(gatewayEnvSchema, env);
  return {
    platform: new PlatformConfig('gateway', parsed),
    gateway: new GatewayConfig(
      {
        host: parsed.DUBAN_HTTP_HOST,
        port: parsed.DUBAN_HTTP_PORT,
        trustedProxies: parsed.DUBAN_TRUST_PROXY ?? false,
      },
      parsed.DUBAN_HEALTH_TIMEOUT_MS,
      {
        secret: parsed.DUBAN_AUTH_SECRET ?? DEMO_AUTH_SECRET,
        usesDemoSecret: parsed.DUBAN_AUTH_SECRET === undefined,
        tokenTtlSeconds: parsed.DUBAN_AUTH_TOKEN_TTL_SECONDS,
        lockout: {
          maxFailedAttempts: parsed.DUBAN_AUTH_MAX_FAILED_ATTEMPTS,
          lockoutSeconds: parsed.DUBAN_AUTH_LOCKOUT_SECONDS,
          failureDelayMs: parsed.DUBAN_AUTH_FAILURE_DELAY_MS,
          slowAfterFailures: parsed.DUBAN_AUTH_SLOW_AFTER_FAILURES,
        },
        loginRateLimit: {
          max: parsed.DUBAN_AUTH_LOGIN_RATE_LIMIT,
          windowMs: parsed.DUBAN_AUTH_LOGIN_RATE_WINDOW_SECONDS * 1000,
        },
      },
      parsed.DUBAN_WEB_ROOT,
      { ttlMs: parsed.DUBAN_IDEMPOTENCY_TTL_HOURS * 3_600_000 },
    ),
  };
}
