import type { ProjectField, UpdateProjectBody } from '@duban/contracts';
import type { EditableProjectColumns } from './project-view';

export type ProjectChanges = Partial<Record<ProjectField, { before: unknown; after: unknown }>>;

/** The fields a PATCH names (whatever their values): what the role rules judge. */
export function requestedProjectFields(body: UpdateProjectBody): ProjectField[] {
  return (Object.keys(body) as (keyof UpdateProjectBody)[]).filter(
    (field): field is ProjectField => field !== 'version' && body[field] !== undefined,
  );
}

/** The fields whose requested value differs from the stored one, with both values. Empty: nothing to do. */
export function projectChanges(current: EditableProjectColumns, body: UpdateProjectBody): ProjectChanges {
  const changes: ProjectChanges = {};
  for (const field of requestedProjectFields(body)) {
    const after = body[field];
    if (after !== current[field]) changes[field] = { before: current[field], after };
  }
  return changes;
}
