import { fetchEventSource, type EventSourceMessage } from '@microsoft/fetch-event-source';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useToken } from '../auth/session';
import { session } from '../auth/session-store';
import { LIVE_CHANGE_EVENT } from '@duban/contracts';
import { invalidateLive } from '../live/live-invalidation';
import { INBOX_QUERY_KEY, inboxListQuery, type InboxItem } from './inbox-api';

/** The gateway's SSE event for "new notifications in your inbox" (data: `{"ids": [...]}`). */
const NOTIFICATION_EVENT = 'notification';

/** Reconnect after 1 s, 2 s, 4 s … up to 30 s, with some jitter so a restarted gateway is not hit all at once. */
export function reconnectDelayMs(failures: number): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** The server refused the stream for good (the token is no longer valid): stop, the session ends. */
class StreamRefused extends Error {}

/**
 * Keeps one live connection to `GET /api/me/notifications/stream` while a token is held (mount it once per
 * tab: the header's bell does). Each `notification` event refreshes every inbox query and calls `onNew` with
 * the new notifications, read from the refreshed list; each `change` event refreshes the live pages' queries. It reconnects with backoff, refreshes after a reconnect (what
 * came meanwhile is not replayed), closes while the tab is hidden, and stops on logout.
 */
export function useInboxStream(onNew: (items: InboxItem[]) => void): void {
  const token = useToken();
  const queryClient = useQueryClient();
  const onNewRef = useRef(onNew);
  useEffect(() => {
    onNewRef.current = onNew;
  });

  useEffect(() => {
    if (token === null) return;
    const controller = new AbortController();
    let failures = 0;
    let opened = 0;

    async function announce(message: EventSourceMessage): Promise<void> {
      // Data on a live page changed (the dashboard, a county, an inspection): refetch what it concerns.
      if (message.event === LIVE_CHANGE_EVENT) return invalidateLive(queryClient, message.data);
      if (message.event !== NOTIFICATION_EVENT) return;
      const ids = new Set((JSON.parse(message.data) as { ids: string[] }).ids);
      await queryClient.invalidateQueries({ queryKey: INBOX_QUERY_KEY });
      const list = await queryClient.fetchQuery(inboxListQuery(false));
      if (controller.signal.aborted) return;
      const fresh = list.items.filter((item) => ids.has(item.id));
      if (fresh.length > 0) onNewRef.current(fresh);
    }

    fetchEventSource(`${globalThis.location.origin}/api/me/notifications/stream`, {
      signal: controller.signal,
      headers: { Authorization: `Bearer ${token}` },
      // Looked up at each call: test doubles (msw) replace fetch after this module loads.
      fetch: (input, init) => globalThis.fetch(input, init),
      onopen: async (response) => {
        if (response.status === 401) {
          session.end();
          throw new StreamRefused();
        }
        if (!response.ok || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
          throw new Error(`inbox stream: HTTP ${response.status}`);
        }
        failures = 0;
        opened += 1;
        if (opened > 1) await queryClient.invalidateQueries({ queryKey: INBOX_QUERY_KEY });
      },
      onmessage: (message) => {
        announce(message).catch(() => undefined);
      },
      onclose: () => {
        // The gateway ended the stream (a restart): reconnect like after any failure.
        throw new Error('inbox stream closed by the server');
      },
      onerror: (error) => {
        if (error instanceof StreamRefused) throw error;
        failures += 1;
        return reconnectDelayMs(failures);
      },
    }).catch(() => undefined);

    return () => controller.abort();
  }, [token, queryClient]);
}
