/**
 * What notifications are about, and the page of the web app that shows each: one place for both, so the
 * notifications service (which writes a link into every notification, e-mail and robot message) and the
 * web app (which opens it) never disagree. The paths are the web app's routes (apps/web/src/routes.tsx):
 * they travel in e-mails and IM messages, so they are stable.
 */

/**
 * The subject types the services raise deadlines and notices about: `milestone` (projects), `report` (a
 * monthly report), `inspection` and `rectification` (evaluation: an acceptance inspection, a rectification
 * item), `expenditure` (funding's notices). A deadline event may name another type: it is still delivered,
 * and its link falls back to its project or region.
 */
export const SUBJECT_TYPES = ['milestone', 'report', 'inspection', 'rectification', 'expenditure'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export function isSubjectType(value: string): value is SubjectType {
  return (SUBJECT_TYPES as readonly string[]).includes(value);
}

/** What a link is built from: the subject, and where it lies (its project, when known, and its region). */
export interface LinkSubject {
  readonly type: SubjectType | (string & {});
  readonly id: string;
  readonly projectId?: string | null;
  readonly regionCode?: string | null;
}

/**
 * The web app's page for a subject, or null when nothing shows it:
 * - a milestone: `/projects/<project>/milestones/<milestone>` (the county page with the milestone open);
 * - a monthly report: the project's reports tab, `/projects/<project>/reports`;
 * - an inspection: `/inspections/<inspection>`;
 * - a rectification item: the project's acceptance tab, `/projects/<project>/inspections`;
 * - an expenditure: the project's funding tab, or the county's dashboard `/regions/<code>` when the notice
 *   names no project;
 * - anything else: its project's page, else its region's dashboard.
 */
export function appLink(subject: LinkSubject): string | null {
  const project = subject.projectId ? `/projects/${subject.projectId}` : null;
  const region = subject.regionCode ? `/regions/${subject.regionCode}` : null;
  const type = isSubjectType(subject.type) ? subject.type : null;
  switch (type) {
    case 'milestone':
      return project && `${project}/milestones/${subject.id}`;
    case 'report':
      return project && `${project}/reports`;
    case 'inspection':
      return `/inspections/${subject.id}`;
    case 'rectification':
      return project && `${project}/inspections`;
    case 'expenditure':
      return project ? `${project}/funding` : region;
    case null:
      return project ?? region;
  }
}
