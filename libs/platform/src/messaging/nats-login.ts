import { readFileSync } from 'node:fs';
import { natsInboxPrefix } from '@duban/contracts';
import { credsAuthenticator, type ConnectionOptions } from 'nats';
import type { NatsSettings } from '../config/messaging-security';

/**
 * How a process logs in to NATS (deploy/nats gives each its own user): user and password, or a .creds
 * file. Replies come back on the process's own inbox prefix, the only part of `_INBOX` its user may read.
 * A `tls://` server makes TLS required: the client library alone would fall back to plain text with a
 * server that does not offer TLS. Certificates are checked against Node's trust store (a private CA:
 * NODE_EXTRA_CA_CERTS, see deploy/README.md).
 */
export function natsLogin(settings: NatsSettings, process: string): Partial<ConnectionOptions> {
  const tls = settings.url.split(',').some((server) => server.trim().startsWith('tls://'));
  return {
    inboxPrefix: inboxPrefixOf(settings, process),
    ...(settings.user ? { user: settings.user, pass: settings.password } : {}),
    ...(settings.credsFile ? { authenticator: credsAuthenticator(readFileSync(settings.credsFile)) } : {}),
    ...(tls ? { tls: {} } : {}),
  };
}

/** The `_INBOX` prefix the process's NATS user may read (replies to its requests and publications). */
export function inboxPrefixOf(settings: NatsSettings, process: string): string {
  return natsInboxPrefix(settings.user ?? process);
}
