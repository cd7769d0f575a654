import type { Tx } from '@duban/platform';
import type { InAppWriter } from '../in-app/in-app-writer.service';
import { recipientKey, type Recipient } from '../recipients/recipient.rules';
import type { Channel, ChannelDelivery, ChannelName, Endpoint } from './channel.rules';
import type { DeliveryLogRepository, LoggedDelivery, NewDelivery } from './delivery-log.repository';
import type { EmailChannel } from './email-channel.service';
import type { InAppChannel } from './in-app-channel.service';
import { ReminderDelivery, type ReminderToDeliver } from './reminder-delivery.service';
import type { SmsChannel } from './sms-channel.service';
import type { WebhookChannel } from './webhook-channel.service';

/**
 * A chunk of one instant's reminders (`deliverSetWise`): every reminder goes to the inbox writer as it is,
 * and only those with a recipient reachable outside the inbox go on to the external channels, each
 * channel asked once for the endpoints of all the chunk's recipients.
 */
describe('ReminderDelivery.deliverSetWise', () => {
  const tx = {} as Tx;
  const at = new Date('2027-03-01T01:00:00Z');
  const linxian: Recipient = { kind: 'user', username: 'linxian', name: '刘星' };
  const zhang: Recipient = { kind: 'user', username: 'zhang', name: '张振玉' };
  const officers: Recipient = { kind: 'role', role: 'county_officer', regionCode: '141124' };

  function reminder(id: string, recipients: Recipient[]): ReminderToDeliver {
    return {
      deadlineId: `deadline-${id}`,
      planVersion: 1,
      reminderId: `reminder-${id}`,
      stage: 'offset-PT0S',
      fireAt: at,
      at,
      recipients,
      message: {
        sourceKey: `reminder:deadline-${id}:v1:offset-PT0S`,
        subjectType: 'milestone',
        subjectId: id,
        projectId: null,
        regionCode: '141124',
        stage: 'offset-PT0S',
        title: `【到期提醒】临县「${id}」已到期`,
        body: '请立即完成并上传佐证材料。',
        link: null,
      },
    };
  }

  /** A channel reaching only the recipients named in `reach`, recording what it is asked. */
  function channel(name: ChannelName, reach: Record<string, Endpoint[]>) {
    const asked: string[] = [];
    const delivered: ChannelDelivery[] = [];
    const fake: Channel = {
      name,
      logged: true,
      async endpoints(_tx, recipients) {
        asked.push(recipients.map(recipientKey).join(' '));
        return recipients.map((recipient) => reach[recipientKey(recipient)] ?? []);
      },
      async deliverMany(_tx, deliveries) {
        delivered.push(...deliveries);
        return deliveries.map((_, i) => ({ notificationId: null, attempt: { id: `${name}-${i}`, attempt: 1, at } }));
      },
    };
    return { fake, asked, delivered };
  }

  it('writes every reminder to the inbox and sends on only those with someone reachable, endpoints asked once a channel', async () => {
    const written: unknown[] = [];
    const writer = {
      async writeReminders(_tx: Tx, reminders: readonly unknown[]) {
        written.push(...reminders);
        return reminders.length;
      },
    } as unknown as InAppWriter;
    const logged: NewDelivery[] = [];
    const log = {
      async insertNew(_tx: Tx, deliveries: readonly NewDelivery[]): Promise<LoggedDelivery[]> {
        logged.push(...deliveries);
        return deliveries.map((d, i) => ({ ...d, id: `delivery-${i}` }));
      },
      async insertNewNotices() {
        return [];
      },
    } as unknown as DeliveryLogRepository;
    const email = channel('email', {
      'user:linxian': [{ key: 'mail-1', target: 'linxian@example.invalid', format: 'generic' }],
    });
    const webhook = channel('webhook', {});
    const sms = channel('sms', {});
    const inApp = channel('inbox', {});
    const delivery = new ReminderDelivery(
      log,
      writer,
      inApp.fake as unknown as InAppChannel,
      email.fake as unknown as EmailChannel,
      webhook.fake as unknown as WebhookChannel,
      sms.fake as unknown as SmsChannel,
    );
    const reminders = [
      reminder('a', [linxian, officers]),
      reminder('b', [zhang]),
      reminder('c', [officers, zhang]),
      reminder('d', [linxian]),
    ];

    const { attempts } = await delivery.deliverSetWise(tx, reminders);

    expect(written).toEqual(reminders);
    // Each external channel asked once, for every recipient of the chunk once; the inbox channel is not asked
    // (written set-wise).
    expect(email.asked).toEqual(['user:linxian role:county_officer@141124 user:zhang']);
    expect(webhook.asked).toEqual(email.asked);
    expect(inApp.asked).toEqual([]);
    // Only 刘星's two reminders reach e-mail, logged first.
    expect(logged.map((d) => [d.deadlineId, d.recipient, d.channel, d.endpoint])).toEqual([
      ['deadline-a', 'user:linxian', 'email', 'mail-1'],
      ['deadline-d', 'user:linxian', 'email', 'mail-1'],
    ]);
    expect(email.delivered.map((d) => [d.message.subjectId, d.context.deliveryId])).toEqual([
      ['a', 'delivery-0'],
      ['d', 'delivery-1'],
    ]);
    expect(webhook.delivered).toEqual([]);
    expect(attempts).toHaveLength(2);
  });

  it('a chunk with no one reachable outside the inbox logs nothing', async () => {
    const log = { insertNew: jest.fn(), insertNewNotices: jest.fn() } as unknown as DeliveryLogRepository;
    const writer = { writeReminders: jest.fn(async () => 1) } as unknown as InAppWriter;
    const none = () => channel('email', {}).fake;
    const delivery = new ReminderDelivery(
      log,
      writer,
      none() as unknown as InAppChannel,
      none() as unknown as EmailChannel,
      none() as unknown as WebhookChannel,
      none() as unknown as SmsChannel,
    );
    expect(await delivery.deliverSetWise(tx, [reminder('a', [linxian])])).toEqual({ attempts: [] });
    expect(log.insertNew).not.toHaveBeenCalled();
    expect(writer.writeReminders).toHaveBeenCalledTimes(1);
  });
});
