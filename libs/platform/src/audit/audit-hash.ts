import { createHash } from 'node:crypto';

/**
 * The hash chain of an audit trail (tamper evidence): each row stores the previous row's hash and its own,
 * SHA-256 over that previous hash and the row's canonical content. Editing, inserting or deleting a row
 * (with the append-only trigger disabled) breaks the chain at that row or the next one. Rewriting a whole
 * tail consistently is not detectable from inside the table: keep the latest `lastHash` elsewhere too.
 */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** One row as the chain hashes it: every column but the hashes, in fixed forms. */
export interface AuditChainContent {
  /** The row id, as text (bigint). */
  readonly id: string;
  /** UTC instant with microseconds, as `auditInstant` writes it and the SQL in AuditChain reads it. */
  readonly at: string;
  readonly actorUserId: string | null;
  readonly actorUsername: string | null;
  readonly actorRole: string | null;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  readonly outcome: string;
  /** The jsonb columns as values (parsed JSON); key order does not matter. */
  readonly before: unknown;
  readonly after: unknown;
  readonly detail: string | null;
  readonly correlationId: string | null;
  /**
   * The region the row is about (issue 16). Hashed only when set, after the other fields, so the rows
   * written before the column existed keep their hashes.
   */
  readonly regionCode?: string | null;
}

/** An instant as `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` prints it. */
export function auditInstant(instant: Date): string {
  return instant.toISOString().replace(/Z$/, '000Z');
}

/** The row's content as one string: a JSON array of its fields, JSON values with their keys sorted. */
export function canonicalAuditContent(row: AuditChainContent): string {
  return `[${JSON.stringify(row.id)},${canonicalAuditFields(row)}`;
}

/**
 * The canonical content after the id (`"<at>",…]`): the id is drawn where the row is appended (see
 * createAuditAppend), which puts `["<id>",` before it.
 */
export function canonicalAuditFields(row: Omit<AuditChainContent, 'id'>): string {
  const region = row.regionCode == null ? [] : [text(row.regionCode)];
  return JSON.stringify([
    row.at,
    text(row.actorUserId),
    text(row.actorUsername),
    text(row.actorRole),
    text(row.action),
    text(row.targetType),
    text(row.targetId),
    text(row.outcome),
    canonicalJson(row.before),
    canonicalJson(row.after),
    text(row.detail),
    text(row.correlationId),
    ...region,
  ]).slice(1);
}

export function auditRowHash(previousHash: string, row: AuditChainContent): string {
  return createHash('sha256').update(`${previousHash}\n`).update(canonicalAuditContent(row), 'utf8').digest('hex');
}

/**
 * A JSON value with object keys sorted, as text; null stays null. jsonb reorders keys and the driver parses
 * what it stores, so the hash must not depend on key order.
 */
export function canonicalJson(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return JSON.stringify(sortKeys(JSON.parse(JSON.stringify(value)) as unknown));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, inner]) => [text(key), sortKeys(inner)]));
  }
  return typeof value === 'string' ? text(value) : value;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Postgres stores text as UTF-8: a lone surrogate comes back as U+FFFD, so it is hashed as one. */
function text<T extends string | null>(value: T): T {
  return (value === null ? null : value.replace(LONE_SURROGATE, '\uFFFD')) as T;
}
