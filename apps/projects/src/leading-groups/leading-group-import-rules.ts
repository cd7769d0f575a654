import {
  OFFICER_ROLE_LABELS,
  type ImportProblem,
  type LeadingGroupImportRow,
  type OfficerRole,
} from '@duban/contracts';
import { normalizedName } from '../task-list/task-list-import-rules';

/** The 领导小组 sheet's columns an import reads, as the sheet names them. */
export const LEADING_GROUP_COLUMNS = { name: '姓名', role: '小组职务', title: '职务', unit: '单位' } as const;

/** A member as a row gives it, once its name and role could be read. */
export interface ImportedMember {
  readonly name: string;
  readonly role: OfficerRole;
  readonly title: string;
  readonly unit: string;
}

/** The row's member, or why it cannot be one (a cell the gateway could not read, a missing name or role). */
export function importedMember(row: LeadingGroupImportRow): ImportedMember | ImportProblem[] {
  const problems: ImportProblem[] = row.unreadable.map((cell) => ({ row: row.row, ...cell }));
  const name = (row.name ?? '').trim();
  if (name === '') problems.push({ row: row.row, column: LEADING_GROUP_COLUMNS.name, value: '', reason: '未填写姓名' });
  if (row.role === null && !row.unreadable.some((cell) => cell.column === LEADING_GROUP_COLUMNS.role)) {
    problems.push({
      row: row.row,
      column: LEADING_GROUP_COLUMNS.role,
      value: '',
      reason: '未填写小组职务（组长、副组长或成员）',
    });
  }
  if (problems.length > 0 || row.role === null) return problems;
  return { name, role: row.role, title: (row.title ?? '').trim(), unit: (row.unit ?? '').trim() };
}

/** The key a member is matched by within a county: the name without whitespace. */
export const memberKey = (name: string) => normalizedName(name);

/** What differs between a stored member and the row, as the sheet shows it (column, before, after). */
export function memberChanges(
  stored: ImportedMember,
  imported: ImportedMember,
): { column: string; before: string; after: string }[] {
  const changes: { column: string; before: string; after: string }[] = [];
  if (stored.role !== imported.role)
    changes.push({
      column: `${imported.name} ${LEADING_GROUP_COLUMNS.role}`,
      before: OFFICER_ROLE_LABELS[stored.role],
      after: OFFICER_ROLE_LABELS[imported.role],
    });
  if (stored.title !== imported.title)
    changes.push({
      column: `${imported.name} ${LEADING_GROUP_COLUMNS.title}`,
      before: stored.title,
      after: imported.title,
    });
  if (stored.unit !== imported.unit)
    changes.push({
      column: `${imported.name} ${LEADING_GROUP_COLUMNS.unit}`,
      before: stored.unit,
      after: imported.unit,
    });
  return changes;
}
