import {
  authSecretProblems,
  clockProblems,
  demoProblems,
  redisProblems,
  refuseUnsafe,
  type PlatformConfig,
} from '@duban/platform';
import { DEMO_AUTH_SECRET, type GatewayConfig } from '../config';

/**
 * In production the gateway refuses to start on a guessable token secret, demo mode (demo accounts with a
 * public password) or a Redis that may forget or evict its lockouts and revocations. Nothing outside
 * production.
 */
export async function refuseUnsafeProductionStart(platform: PlatformConfig, gateway: GatewayConfig): Promise<void> {
  if (!platform.production) return;
  refuseUnsafe([
    ...demoProblems(platform.demo),
    ...clockProblems(platform.clockOffsetMs),
    ...authSecretProblems(gateway.auth.usesDemoSecret ? undefined : gateway.auth.secret, DEMO_AUTH_SECRET),
    ...(await redisProblems(platform.redis.url)),
  ]);
}
