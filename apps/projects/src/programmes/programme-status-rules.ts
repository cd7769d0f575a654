import { ConflictError, PROGRAMME_STATUS_LABELS } from '@duban/contracts';
import type { ProgrammeRecord } from './programmes.repository';

/**
 * A closed or archived programme is read-only: every write to it, its projects, milestones, leading groups
 * and reports is refused (409) with the reason, and nothing is written.
 */
export function requireWritable(programme: Pick<ProgrammeRecord, 'name' | 'year' | 'status'>): void {
  if (programme.status === 'open') return;
  throw new ConflictError(
    `「${programme.name}」${programme.year} 年度计划${PROGRAMME_STATUS_LABELS[programme.status]}，只能查看，不能修改`,
  );
}
