import type { NotificationView } from '@duban/contracts';
import type { NotificationRecord } from './in-app.repository';

/** A notification as `GET /api/me/notifications` shows it. */
export function notificationView(record: NotificationRecord): NotificationView {
  return {
    id: record.id,
    subjectType: record.subjectType,
    subjectId: record.subjectId,
    stage: record.stage,
    title: record.title,
    body: record.body,
    projectId: record.projectId,
    regionCode: record.regionCode,
    link: record.link,
    createdAt: record.createdAt.toISOString(),
    readAt: record.readAt ? record.readAt.toISOString() : null,
  };
}
