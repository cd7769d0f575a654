import { z } from 'zod';
import { roleSchema, withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';

/**
 * Where reminders go beyond the in-app inbox. Services never see the gateway's accounts, so the
 * notifications service keeps its own address book: per addressee (a username, or a role in a region, the
 * same addressees deadlines name), its e-mail addresses and webhooks. Kinds and formats are stored: stable.
 */

export const CONTACT_CHANNEL_KINDS = ['email', 'webhook', 'sms'] as const;
export type ContactChannelKind = (typeof CONTACT_CHANNEL_KINDS)[number];

/** Webhook bodies: generic JSON, or the DingTalk / WeCom group robots' `{"msgtype":"text",…}`. */
export const WEBHOOK_FORMATS = ['generic', 'dingtalk', 'wecom'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** Whom a set of channels belongs to (no display name: the username or the role is the identity). */
export const channelAddresseeSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .object({ kind: z.literal('user'), username: z.string().trim().min(1, '不能为空').max(64, '不能超过 64 个字符') })
      .strict(),
    z
      .object({
        kind: z.literal('role'),
        role: roleSchema,
        regionCode: z.string().regex(/^\d{6}$/, '必须是 6 位行政区划代码'),
      })
      .strict(),
  ],
  { error: '只能是 user（按用户名）或 role（某地区的某角色）' },
);
export type ChannelAddressee = z.infer<typeof channelAddresseeSchema>;

/**
 * A webhook URL: https only. Plain http is accepted here for the loopback address alone (a receiver in a
 * test); the service refuses even that unless it is configured to allow it. No credentials in the URL.
 */
export const webhookUrlSchema = z
  .string({ error: '必须是字符串' })
  .max(2048, '不能超过 2048 个字符')
  .superRefine((value, context) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      context.addIssue({ code: 'custom', message: '不是有效的 URL' });
      return;
    }
    if (url.username || url.password) context.addIssue({ code: 'custom', message: 'URL 中不能包含用户名或密码' });
    if (url.protocol === 'https:') return;
    if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return;
    context.addIssue({ code: 'custom', message: '必须是 https 地址' });
  });

export function isLoopbackHost(hostname: string): boolean {
  return hostname === '127.0.0.1';
}

/** A mainland mobile number (11 digits, 1[3-9]…), as an SMS gateway takes it. */
export const mobileNumberSchema = z
  .string({ error: '必须是字符串' })
  .regex(/^1[3-9]\d{9}$/, '不是有效的手机号码（11 位，以 1 开头）');

export const contactChannelInputSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        kind: z.literal('email'),
        target: z.email({ error: '不是有效的电子邮件地址' }).max(254, '不能超过 254 个字符'),
        enabled: z.boolean({ error: '必须是 true 或 false' }),
      })
      .strict(),
    z
      .object({
        kind: z.literal('webhook'),
        target: webhookUrlSchema,
        format: z.enum(WEBHOOK_FORMATS, { error: '只能是 generic、dingtalk 或 wecom' }),
        enabled: z.boolean({ error: '必须是 true 或 false' }),
      })
      .strict(),
    z
      .object({
        kind: z.literal('sms'),
        target: mobileNumberSchema,
        enabled: z.boolean({ error: '必须是 true 或 false' }),
      })
      .strict(),
  ],
  { error: '只能是 email、webhook 或 sms' },
);
export type ContactChannelInput = z.infer<typeof contactChannelInputSchema>;

/** `PUT /api/notification-channels`: replaces every channel of one addressee (an empty list removes them). */
export const putContactChannelsBodySchema = z
  .object({
    addressee: channelAddresseeSchema,
    channels: z.array(contactChannelInputSchema).max(10, '每个接收人最多 10 个渠道'),
  })
  .strict()
  .superRefine((body, context) => {
    const seen = new Set<string>();
    body.channels.forEach((channel, index) => {
      const key = `${channel.kind} ${channel.target.toLowerCase()}`;
      if (seen.has(key))
        context.addIssue({ code: 'custom', path: ['channels', index, 'target'], message: '重复的渠道' });
      seen.add(key);
    });
  });
export type PutContactChannelsBody = z.infer<typeof putContactChannelsBodySchema>;

export const contactChannelViewSchema = z.object({
  id: z.uuid(),
  kind: z.enum(CONTACT_CHANNEL_KINDS),
  target: z.string(),
  /** `generic` for e-mail. */
  format: z.enum(WEBHOOK_FORMATS),
  enabled: z.boolean(),
  updatedAt: z.string(),
});
export type ContactChannelView = z.infer<typeof contactChannelViewSchema>;

export const addresseeChannelsSchema = z.object({
  addressee: channelAddresseeSchema,
  channels: z.array(contactChannelViewSchema),
});
export type AddresseeChannels = z.infer<typeof addresseeChannelsSchema>;

export const contactChannelListSchema = z.object({ items: z.array(addresseeChannelsSchema) });
export type ContactChannelList = z.infer<typeof contactChannelListSchema>;

/** One message to an external destination: a digest of the reminders due there at one instant. */
/** `cancelled`: every reminder it carried was done or re-planned before it could go out. */
export const OUTBOUND_STATES = ['pending', 'sending', 'retrying', 'sent', 'failed', 'cancelled'] as const;
export type OutboundState = (typeof OUTBOUND_STATES)[number];

export const outboundMessageViewSchema = z.object({
  id: z.uuid(),
  channel: z.enum(CONTACT_CHANNEL_KINDS),
  format: z.enum(WEBHOOK_FORMATS),
  target: z.string(),
  /** The reminders' instant (the 09:00 they share). */
  fireAt: z.string(),
  state: z.enum(OUTBOUND_STATES),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
  /** Addressees (recipient keys such as `user:linxian`, `role:city_officer@141100`) it carries reminders for. */
  recipients: z.array(z.string()),
  items: z.array(
    z.object({
      subjectType: z.string(),
      subjectId: z.string(),
      regionCode: z.string(),
      stage: z.string(),
      title: z.string(),
    }),
  ),
  attemptLog: z.array(
    z.object({
      attempt: z.number().int().positive(),
      startedAt: z.string(),
      finishedAt: z.string().nullable(),
      outcome: z.enum(['sent', 'error']).nullable(),
      error: z.string().nullable(),
    }),
  ),
});
export type OutboundMessageView = z.infer<typeof outboundMessageViewSchema>;

export const outboundMessageListSchema = z.object({ items: z.array(outboundMessageViewSchema) });
export type OutboundMessageList = z.infer<typeof outboundMessageListSchema>;

/** `GET /api/notifications/deliveries?state=failed` */
export const listDeliveriesQuerySchema = z
  .object({
    state: z
      .enum(OUTBOUND_STATES, { error: '只能是 pending、sending、retrying、sent、failed 或 cancelled' })
      .optional(),
    limit: z.coerce
      .number({ error: '必须是整数' })
      .int('必须是整数')
      .min(1, '至少为 1')
      .max(500, '不能超过 500')
      .optional(),
  })
  .strict();
export type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuerySchema>;

export const ListContactChannelsRpc = defineRpc({
  subject: 'notifications.channel.list',
  service: 'notifications',
  request: withActor({}),
  response: contactChannelListSchema,
});

export const PutContactChannelsRpc = defineRpc({
  subject: 'notifications.channel.put',
  service: 'notifications',
  // The body is re-parsed in the service (the gateway's check is a courtesy): any caller gets the same 400.
  request: withActor({ addressee: z.unknown(), channels: z.unknown() }),
  response: addresseeChannelsSchema,
});

export const ListDeliveriesRpc = defineRpc({
  subject: 'notifications.delivery.list',
  service: 'notifications',
  request: withActor({
    state: z.enum(OUTBOUND_STATES).optional(),
    limit: z.number().int().min(1).max(500).optional(),
  }),
  response: outboundMessageListSchema,
});
