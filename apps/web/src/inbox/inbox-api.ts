import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** Every inbox query starts with this key: one invalidation (a live event, a read) refreshes them all. */
export const INBOX_QUERY_KEY = ['inbox'] as const;

/** How many of the newest notifications the inbox page shows. */
export const INBOX_PAGE_SIZE = 100;

function fetchInbox(unreadOnly: boolean) {
  return unwrap(
    api.GET('/api/me/notifications', {
      params: { query: { unread: unreadOnly ? 'true' : 'false', limit: INBOX_PAGE_SIZE } },
    }),
  );
}

export type InboxList = Awaited<ReturnType<typeof fetchInbox>>;
export type InboxItem = InboxList['items'][number];

/** The newest notifications (all, or only the unread), with the unread count. */
export function inboxListQuery(unreadOnly: boolean) {
  return { queryKey: [...INBOX_QUERY_KEY, 'list', { unreadOnly }], queryFn: () => fetchInbox(unreadOnly) };
}

/** Just the unread count (the bell). */
export const unreadCountQuery = {
  queryKey: [...INBOX_QUERY_KEY, 'unread-count'],
  queryFn: () => unwrap(api.GET('/api/me/notifications', { params: { query: { unread: 'true', limit: 1 } } })),
};

/**
 * `POST /api/me/notifications/:id/read`, then every inbox query refreshes (the bell's count drops). The
 * refresh is in the mutation's own options so it still happens when opening the link left the page.
 */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/me/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: INBOX_QUERY_KEY }),
  });
}
