import { LIVE_CHANGE_EVENT, type Actor } from '@duban/contracts';
import type { FastifyReply } from 'fastify';
import type { VerifiedToken } from '../auth/token.service';
import type { InboxWatchers } from './inbox-watchers.service';

/**
 * A comment line this often keeps proxies and load balancers (which drop idle connections after 30–60 s)
 * from closing a quiet stream, and lets the browser notice a dead one.
 */
export const HEARTBEAT_MS = 25_000;

/** The SSE event name clients listen for: stable (the web app's `useInboxStream` relies on it). */
export const NOTIFICATION_EVENT = 'notification';

/**
 * Turns the reply into a `text/event-stream` that sends `event: notification` with
 * `data: {"ids":[…]}` whenever notifications land in the actor's inbox, `event: change` with a LiveChange
 * whenever data in the actor's scope changes (live pages refetch), plus a heartbeat comment, until
 * the client disconnects, the gateway shuts down, or the token the stream was opened with expires or is
 * revoked (a logout here ends it at once; one at another gateway by the next heartbeat): a client that
 * reconnects then meets the 401 every other request meets. The reply is hijacked: Fastify no longer sends it.
 */
export function openInboxStream(
  reply: FastifyReply,
  watchers: InboxWatchers,
  actor: Actor,
  token: Pick<VerifiedToken, 'id' | 'expiresAt'>,
  now: Date,
): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  // Sends the headers at once, so the client knows it is connected before anything happens.
  raw.write(': connected\n\n');
  const expiry = setTimeout(() => raw.end(), Math.max(0, token.expiresAt.getTime() - now.getTime()));
  const heartbeat = setInterval(() => {
    raw.write(': heartbeat\n\n');
    void watchers.isRevoked(token.id).then((revoked) => revoked && raw.end());
  }, HEARTBEAT_MS);
  const unwatch = watchers.watch({
    actor,
    tokenId: token.id,
    notify(ids) {
      raw.write(`event: ${NOTIFICATION_EVENT}\ndata: ${JSON.stringify({ ids })}\n\n`);
    },
    changed(change) {
      raw.write(`event: ${LIVE_CHANGE_EVENT}\ndata: ${JSON.stringify(change)}\n\n`);
    },
    close() {
      raw.end();
    },
  });
  // The response closes when the client goes away (or when `close()` above ended it).
  raw.once('close', () => {
    clearInterval(heartbeat);
    clearTimeout(expiry);
    unwatch();
  });
}
