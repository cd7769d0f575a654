import type { InboxItem } from './inbox-api';

/**
 * Where a notification leads in the app: its own `link` when the service wrote one (milestone reminders
 * do), else a page of what it is about. Subject types come from the services: `milestone` (projects),
 * `report` (monthly reports), `rectification` (evaluation: a rectification item, on its project's 验收 tab),
 * `inspection`, `expenditure` (funding's notices, which name the county but not the project).
 */
export function notificationHref(
  item: Pick<InboxItem, 'link' | 'subjectType' | 'subjectId' | 'projectId' | 'regionCode'>,
): string | null {
  if (item.link) return item.link;
  const project = item.projectId ? `/projects/${item.projectId}` : null;
  switch (item.subjectType) {
    case 'milestone':
      return project && `${project}/milestones/${item.subjectId}`;
    case 'report':
      return project && `${project}/reports`;
    case 'inspection':
      return `/inspections/${item.subjectId}`;
    case 'rectification':
      return project && `${project}/inspections`;
    case 'expenditure':
      return project ? `${project}/funding` : item.regionCode ? `/regions/${item.regionCode}` : null;
    default:
      return project ?? (item.regionCode ? `/regions/${item.regionCode}` : null);
  }
}
