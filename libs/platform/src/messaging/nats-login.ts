import { readFileSync } from 'node:fs';
import { natsInboxPrefix } from '@duban/contracts';
import { credsAuthenticator, type ConnectionOptions } from 'nats';
import type { NatsSettings } from '../config/messaging-security';

/**
 * How a process logs in to NATS (deploy/nats gives each its own user): user and password, or a .creds
 * file. Replies come back on the process's own inbox prefix, the only part of `_INBOX` its user may read.
 */
export function natsLogin(settings: NatsSettings, process: string): Partial<ConnectionOptions> {
  return {
    inboxPrefix: natsInboxPrefix(settings.user ?? process),
    ...(settings.user ? { user: settings.user, pass: settings.password } : {}),
    ...(settings.credsFile ? { authenticator: credsAuthenticator(readFileSync(settings.credsFile)) } : {}),
  };
}
