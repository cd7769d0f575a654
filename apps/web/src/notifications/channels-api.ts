import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PutContactChannelsBody } from '@duban/contracts';
import { api, unwrap } from '../api/client';

export const channelKeys = {
  channels: ['notification-channels'] as const,
  failed: ['notification-deliveries', 'failed'] as const,
};

const fetchChannels = () => unwrap(api.GET('/api/notification-channels'));
const fetchFailed = () =>
  unwrap(api.GET('/api/notifications/deliveries', { params: { query: { state: 'failed', limit: 200 } } }));

export type AddresseeChannels = Awaited<ReturnType<typeof fetchChannels>>['items'][number];
export type Delivery = Awaited<ReturnType<typeof fetchFailed>>['items'][number];

export const useChannels = () => useQuery({ queryKey: channelKeys.channels, queryFn: fetchChannels });
export const useFailedDeliveries = () => useQuery({ queryKey: channelKeys.failed, queryFn: fetchFailed });

/** Replaces every channel of one addressee (an empty list removes them). */
export function usePutChannels() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PutContactChannelsBody) => unwrap(api.PUT('/api/notification-channels', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelKeys.channels }),
  });
}
