import { z } from 'zod';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import { CONTACT_CHANNEL_KINDS } from './channels';

/**
 * A person's own preferences: the channels they do not want to be reached on (e.g. SMS), whatever their
 * address book holds. The in-app inbox is always on. Kept per username by the notifications service.
 */
export const channelPreferencesSchema = z
  .object({
    optedOut: z
      .array(z.enum(CONTACT_CHANNEL_KINDS, { error: '只能是 email、webhook 或 sms' }))
      .max(CONTACT_CHANNEL_KINDS.length, '渠道重复')
      .refine((kinds) => new Set(kinds).size === kinds.length, '渠道重复'),
  })
  .strict();
export type ChannelPreferences = z.infer<typeof channelPreferencesSchema>;

export const GetMyChannelPreferencesRpc = defineRpc({
  subject: 'notifications.preferences.get',
  service: 'notifications',
  request: withActor({}),
  response: channelPreferencesSchema,
});

export const PutMyChannelPreferencesRpc = defineRpc({
  subject: 'notifications.preferences.put',
  service: 'notifications',
  request: withActor(channelPreferencesSchema.shape),
  response: channelPreferencesSchema,
});
export type PutMyChannelPreferencesRequest = z.infer<typeof PutMyChannelPreferencesRpc.request>;
