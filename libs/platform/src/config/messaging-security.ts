import { createHash } from 'node:crypto';
import { ConfigError, type BaseEnv } from './env';

/** Where the process's NATS connection goes, and as whom (deploy/nats: one user per process). */
export interface NatsSettings {
  /** The server list, without any credentials (they move to user/password, so the URL may be shown). */
  readonly url: string;
  readonly user?: string;
  readonly password?: string;
  /** A NATS .creds file (JWT and seed), instead of user and password. */
  readonly credsFile?: string;
}

/** The key that signs (the gateway) and checks (the services) the actor of every RPC. */
export interface RpcSigningSettings {
  readonly key: string;
  /** No DUBAN_RPC_SIGNING_KEY was set: the key is derived from the namespace (development and tests only). */
  readonly derived: boolean;
}

/** Both settings at once, every problem of the two listed together. */
export function messagingSecurity(
  env: BaseEnv,
  process: string,
): { nats: NatsSettings; rpcSigning: RpcSigningSettings } {
  const problems: string[] = [];
  const settle = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const nats = settle(() => natsSettings(env, process));
  const rpcSigning = settle(() => rpcSigningSettings(env));
  if (!nats || !rpcSigning) throw new ConfigError(problems);
  return { nats, rpcSigning };
}

/**
 * Credentials come from DUBAN_NATS_USER / DUBAN_NATS_PASSWORD, or from the URL (`nats://user:pass@host:4222`,
 * any server of the list); the variables win. A password without a user logs in as the process's name.
 */
export function natsSettings(env: BaseEnv, process: string): NatsSettings {
  let fromUrl: { user: string; password: string } | undefined;
  const servers = env.DUBAN_NATS_URL.split(',').map((server) => {
    const url = new URL(server.trim());
    if (!url.username && !url.password) return server.trim();
    fromUrl ??= { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  });
  const password = env.DUBAN_NATS_PASSWORD ?? fromUrl?.password;
  const user = env.DUBAN_NATS_USER ?? (fromUrl?.user || undefined);
  if (user && !password) {
    throw new ConfigError(['DUBAN_NATS_PASSWORD: required with DUBAN_NATS_USER (or give both in DUBAN_NATS_URL)']);
  }
  return {
    url: servers.join(','),
    ...(password ? { user: user ?? process, password } : {}),
    ...(env.DUBAN_NATS_CREDS ? { credsFile: env.DUBAN_NATS_CREDS } : {}),
  };
}

/**
 * In production (NODE_ENV=production) the key must be given. Elsewhere a missing key is derived from the
 * namespace, so that every process of one run (npm start, a test run) agrees without configuration; such a
 * key is public, which is why production refuses to start without a real one.
 */
export function rpcSigningSettings(env: BaseEnv): RpcSigningSettings {
  if (env.DUBAN_RPC_SIGNING_KEY) return { key: env.DUBAN_RPC_SIGNING_KEY, derived: false };
  if (env.NODE_ENV === 'production') {
    throw new ConfigError(['DUBAN_RPC_SIGNING_KEY: required when NODE_ENV=production (at least 32 characters)']);
  }
  const key = createHash('sha256').update(`duban-development-rpc-signing:${env.DUBAN_NAMESPACE}`).digest('hex');
  return { key, derived: true };
}
