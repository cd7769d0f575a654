import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelPreferences } from '@duban/contracts';
import { api, unwrap } from '../api/client';

/** The signed-in person's own opt-outs (`/api/me/notification-preferences`). */
export const preferencesKey = ['me', 'notification-preferences'] as const;

export const usePreferences = () =>
  useQuery({ queryKey: preferencesKey, queryFn: () => unwrap(api.GET('/api/me/notification-preferences')) });

export function usePutPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChannelPreferences) => unwrap(api.PUT('/api/me/notification-preferences', { body })),
    onSuccess: (answer) => queryClient.setQueryData(preferencesKey, answer),
  });
}
