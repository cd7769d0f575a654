import type { Stack } from '../system/stack';

/**
 * Tables whose rows a refused request may legitimately touch, so they are compared by count only or not at
 * all: the audit trails record refusals by design (DESIGN rule 8: an attempt outside scope is logged; a 401 is
 * audited), the messaging tables are rewritten by the relay (published_at), a failed login moves an
 * account's lockout counters (a security effect, not data), and a refused write with an Idempotency-Key
 * keeps its refusal under the key, to answer a retry the same way (the gateway's edge, in the README).
 */
const NOT_COMPARED = /\.audit_log$|^gateway\.idempotency_key$/;
const COUNT_ONLY = /\.(outbox|inbox|dead_letter|migrations)$|^gateway\.account$/;

export interface TableState {
  readonly rows: number;
  readonly hash: string | null;
}

export type Snapshot = ReadonlyMap<string, TableState>;

/** Every application table of the stack's database: its row count and (where compared) a hash of its rows. */
export async function snapshot(stack: Stack): Promise<Snapshot> {
  const tables = await stack.sql<{ name: string }>(
    `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
      WHERE table_schema IN ('gateway', 'projects', 'funding', 'evaluation', 'notifications') AND table_type = 'BASE TABLE'
      ORDER BY 1`,
  );
  const states = new Map<string, TableState>();
  for (const { name } of tables) {
    if (NOT_COMPARED.test(name)) continue;
    const [schema, table] = name.split('.') as [string, string];
    const qualified = `"${schema}"."${table}"`;
    const hashed = !COUNT_ONLY.test(name);
    const [row] = await stack.sql<{ rows: string; hash: string | null }>(
      hashed
        ? `SELECT count(*) AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS hash FROM ${qualified} t`
        : `SELECT count(*) AS rows, NULL AS hash FROM ${qualified}`,
    );
    states.set(name, { rows: Number(row?.rows ?? 0), hash: row?.hash ?? null });
  }
  return states;
}

/** Tables that differ between two snapshots, e.g. `funding.expenditure: rows 12 → 13`. */
export function differences(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  for (const [name, then] of before) {
    const now = after.get(name);
    if (!now) out.push(`${name}: gone`);
    else if (now.rows !== then.rows) out.push(`${name}: rows ${then.rows} → ${now.rows}`);
    else if (now.hash !== then.hash) out.push(`${name}: rows changed (same count ${now.rows})`);
  }
  for (const name of after.keys()) if (!before.has(name)) out.push(`${name}: new table`);
  return out;
}

/** Audit rows per schema, to report what refusals recorded. */
export async function auditRows(stack: Stack): Promise<number> {
  const schemas = ['gateway', 'projects', 'funding', 'evaluation', 'notifications'];
  let total = 0;
  for (const schema of schemas) {
    const [row] = await stack.sql<{ count: string }>(`SELECT count(*) AS count FROM "${schema}".audit_log`);
    total += Number(row?.count ?? 0);
  }
  return total;
}
