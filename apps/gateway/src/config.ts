import { baseEnvSchema, parseEnv, PlatformConfig, type Environment } from '@duban/platform';
import { z } from 'zod';

const gatewayEnvSchema = baseEnvSchema.extend({
  DUBAN_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  DUBAN_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** How long /api/health waits for each service before calling it down. */
  DUBAN_HEALTH_TIMEOUT_MS: z.coerce.number().int().positive().default(1500),
});

/** The gateway's own settings, beside the platform ones. */
export class GatewayConfig {
  constructor(
    readonly http: { readonly host: string; readonly port: number },
    readonly healthTimeoutMs: number,
  ) {}
}

/** Parses the gateway's whole environment in one pass, so every bad variable is reported together. */
export function loadGatewayConfig(env: Environment): { platform: PlatformConfig; gateway: GatewayConfig } {
  const parsed = parseEnv(gatewayEnvSchema, env);
  return {
    platform: new PlatformConfig('gateway', parsed),
    gateway: new GatewayConfig({ host: parsed.DUBAN_HTTP_HOST, port: parsed.DUBAN_HTTP_PORT }, parsed.DUBAN_HEALTH_TIMEOUT_MS),
  };
}
