import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

const DEAD_LETTERS_KEY = ['dead-letters'] as const;

const fetchDeadLetters = () => unwrap(api.GET('/api/dead-letters'));
const fetchAuditCheck = () => unwrap(api.GET('/api/audit/verify'));

export type DeadLetterList = Awaited<ReturnType<typeof fetchDeadLetters>>;
export type DeadLetterItem = DeadLetterList['items'][number];
export type AuditCheck = Awaited<ReturnType<typeof fetchAuditCheck>>;

export const useDeadLetters = () => useQuery({ queryKey: DEAD_LETTERS_KEY, queryFn: fetchDeadLetters });

/** The whole trail is walked row by row: only when asked. */
export const useAuditCheck = () =>
  useQuery({ queryKey: ['audit-check'], queryFn: fetchAuditCheck, enabled: false, retry: false });

export function useReplay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ service, id }: Pick<DeadLetterItem, 'service' | 'id'>) =>
      unwrap(api.POST('/api/dead-letters/{service}/{id}/replay', { params: { path: { service, id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: DEAD_LETTERS_KEY }),
  });
}
