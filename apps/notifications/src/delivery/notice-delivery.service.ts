import { Injectable } from '@nestjs/common';
import { appLink, type Notice } from '@duban/contracts';
import { Clock, type Tx } from '@duban/platform';
import { NotificationsConfig } from '../config';
import { addresseeRecipient } from '../recipients/recipient.rules';
import { NoticesRepository } from './notices.repository';
import type { OutboundTimer } from './outbound.repository';
import { ReminderDelivery } from './reminder-delivery.service';

/**
 * A notice another service raised (a report submitted or returned, an expenditure flagged, an inspection
 * opened, signed or failed, a rectification due…), delivered at once through the one delivery pipeline:
 * every channel of each recipient (in-app, e-mail, webhooks, SMS) by their address book and opt-outs, once
 * per (notice, recipient, channel, endpoint) in the delivery log, digested with what else reaches the same
 * address at the same moment. Returns the attempts to arm once the caller's transaction commits.
 */
@Injectable()
export class NoticeDelivery {
  constructor(
    private readonly notices: NoticesRepository,
    private readonly delivery: ReminderDelivery,
    private readonly clock: Clock,
    private readonly config: NotificationsConfig,
  ) {}

  async deliver(tx: Tx, service: string, notice: Notice): Promise<OutboundTimer[]> {
    const at = this.clock.now();
    const projectId = notice.projectId ?? null;
    const noticeId = await this.notices.upsert(tx, {
      source: service,
      sourceId: notice.noticeId,
      subjectType: notice.subjectType,
      subjectId: notice.subjectId,
      projectId,
      regionCode: notice.regionCode,
      createdAt: at,
    });
    // Notices arriving within one gathering window share a digest per address, as one instant's reminders do.
    const window = Math.max(1, this.config.delivery.gatherMs);
    const fireAt = new Date(Math.floor(at.getTime() / window) * window);
    const { attempts } = await this.delivery.deliverNotices(tx, [
      {
        noticeId,
        fireAt,
        at,
        recipients: notice.recipients.map(addresseeRecipient),
        message: {
          // The inbox's once-key for a notice, as it always was.
          sourceKey: `notice:${service}:${notice.noticeId}`,
          subjectType: notice.subjectType,
          subjectId: notice.subjectId,
          projectId,
          regionCode: notice.regionCode,
          stage: 'notice',
          title: notice.title,
          body: notice.body,
          link: appLink({ type: notice.subjectType, id: notice.subjectId, projectId, regionCode: notice.regionCode }),
        },
      },
    ]);
    return attempts;
  }
}
