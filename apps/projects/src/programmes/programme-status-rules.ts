import { ConflictError, programmeReadOnlyMessage } from '@duban/contracts';
import type { ProgrammeRecord } from './programmes.repository';

/**
 * A closed or archived programme is read-only: every write to it, its projects, milestones, leading groups
 * and reports is refused (409) with the reason, and nothing is written.
 */
export function requireWritable(programme: Pick<ProgrammeRecord, 'name' | 'year' | 'status'>): void {
  if (programme.status === 'open') return;
  throw new ConflictError(programmeReadOnlyMessage(programme, programme.status));
}
