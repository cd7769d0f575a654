import {
  OFFICER_ROLE_LABELS,
  officerContactsInputSchema,
  type ImportProblem,
  type LeadingGroupImportRow,
  type OfficerRole,
} from '@duban/contracts';
import { normalizedName } from '../task-list/task-list-import-rules';

/** The 领导小组 sheet's columns an import reads, as the sheet names them. */
export const LEADING_GROUP_COLUMNS = {
  name: '姓名',
  role: '小组职务',
  title: '职务',
  unit: '单位',
  mobile: '手机',
  smsOptedOut: '退订短信',
} as const;

/** A member as a row gives it, once its name and role could be read. */
export interface ImportedMember {
  readonly name: string;
  readonly role: OfficerRole;
  readonly title: string;
  readonly unit: string;
  /** The mobile reminders are texted to (null: none); undefined when the sheet has no 手机 column. */
  readonly mobile?: string | null;
  /** 退订短信; undefined when the sheet has no such column. */
  readonly smsOptedOut?: boolean;
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
  // The same check as the member form's: an 11-digit mobile, or blank for none.
  const mobile =
    row.mobile === undefined ? undefined : officerContactsInputSchema.shape.mobile.safeParse(row.mobile ?? '');
  if (mobile && !mobile.success) {
    problems.push({
      row: row.row,
      column: LEADING_GROUP_COLUMNS.mobile,
      value: row.mobile ?? '',
      reason: mobile.error.issues[0]?.message ?? '应为 11 位手机号码',
    });
  }
  if (problems.length > 0 || row.role === null || row.smsOptedOut === null) return problems;
  return {
    name,
    role: row.role,
    title: (row.title ?? '').trim(),
    unit: (row.unit ?? '').trim(),
    ...(mobile?.success ? { mobile: mobile.data ?? null } : {}),
    ...(row.smsOptedOut === undefined ? {} : { smsOptedOut: row.smsOptedOut }),
  };
}

/** The key a member is matched by within a county: the name without whitespace. */
export const memberKey = (name: string) => normalizedName(name);

/** A stored member as the sheet's columns give it. */
export interface StoredMember extends ImportedMember {
  readonly mobile: string | null;
  readonly smsOptedOut: boolean;
}

const optOutText = (optedOut: boolean) => (optedOut ? '是' : '');

/**
 * What differs between a stored member and the row, as the sheet shows it (column, before, after); a column
 * the sheet does not have is no change.
 */
export function memberChanges(
  stored: StoredMember,
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
  if (imported.mobile !== undefined && stored.mobile !== imported.mobile)
    changes.push({
      column: `${imported.name} ${LEADING_GROUP_COLUMNS.mobile}`,
      before: stored.mobile ?? '',
      after: imported.mobile ?? '',
    });
  if (imported.smsOptedOut !== undefined && stored.smsOptedOut !== imported.smsOptedOut)
    changes.push({
      column: `${imported.name} ${LEADING_GROUP_COLUMNS.smsOptedOut}`,
      before: optOutText(stored.smsOptedOut),
      after: optOutText(imported.smsOptedOut),
    });
  return changes;
}
