import { appLink } from '@duban/contracts';
import type { InboxItem } from './inbox-api';

/**
 * Where a notification leads in the app: its own `link` when the service wrote one, else the page of what
 * it is about, by the same rule the services write links with (`appLink` in @duban/contracts).
 */
export function notificationHref(
  item: Pick<InboxItem, 'link' | 'subjectType' | 'subjectId' | 'projectId' | 'regionCode'>,
): string | null {
  return (
    item.link ??
    appLink({ type: item.subjectType, id: item.subjectId, projectId: item.projectId, regionCode: item.regionCode })
  );
}
