import { randomUUID } from 'node:crypto';
import type { DemoFacts, Stack } from './system/stack';
import type { Attempt, WriteOutcome } from './system/http-client';

/** Runs `work` over `items`, at most `concurrency` at once, in order of start. */
export async function inPool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------
// Reminders: extra milestones with an exact plan, counted in the in-app inbox per (milestone, stage, recipient)
// ---------------------------------------------------------------------------------------------------------

/**
 * The exact plan every drill milestone carries: before, at and after its due instant. The contract (README,
 * "exact plan"): offsets up to 0 reach the responsible officers; later ones also the county's 组长; the last
 * later one is the escalation, also to the city officer (a role).
 */
export const DRILL_PLAN = ['-PT2S', 'PT0S', 'PT2S'] as const;
const RESPONSIBLE = 'user:linxian';
const COUNTY_LEADER = 'user:zhangzhenyu';
const CITY_OFFICER = 'role:city_officer@141100';

/** Who must receive each stage of DRILL_PLAN, once. */
export function expectedRecipients(stage: string): string[] {
  if (stage === 'offset-PT2S') return [RESPONSIBLE, COUNTY_LEADER, CITY_OFFICER];
  return [RESPONSIBLE];
}

export const STAGES = DRILL_PLAN.map((offset) => `offset-${offset}`);
/** Deliveries (inbox notifications) one drill milestone makes. */
export const DELIVERIES_PER_MILESTONE = STAGES.reduce((sum, stage) => sum + expectedRecipients(stage).length, 0);

export interface PlannedMilestone {
  readonly id: string;
  readonly dueAt: Date;
}

export interface CreatedMilestones {
  readonly milestones: PlannedMilestone[];
  /** Writes that never got a 2xx (each is a problem: creating them was not disturbed). */
  readonly failures: string[];
}

/** Adds `dueAts.length` extra milestones to 临县's project through the gateway, each with DRILL_PLAN. */
export async function createReminderMilestones(
  stack: Stack,
  facts: DemoFacts,
  label: string,
  dueAts: readonly Date[],
  concurrency = 8,
): Promise<CreatedMilestones> {
  const failures: string[] = [];
  const created = await inPool(dueAts, concurrency, async (dueAt, index) => {
    const outcome = await stack.http.write('linxian', 'POST', `/api/projects/${facts.projectId}/milestones`, {
      title: `演练${label}-${index + 1}`,
      dueAt: dueAt.toISOString(),
      responsibleOfficerIds: [facts.officerIds.linxian],
      reminderPlan: [...DRILL_PLAN],
    });
    if (outcome.answer?.status !== 201) {
      failures.push(`milestone ${index + 1}: ${describeOutcome(outcome)}`);
      return undefined;
    }
    return { id: outcome.answer.body.id as string, dueAt };
  });
  return { milestones: created.filter((m): m is PlannedMilestone => m !== undefined), failures };
}

/** Due instants spread evenly over [from, from + spanMs). */
export function spreadDueTimes(count: number, from: number, spanMs: number): Date[] {
  return Array.from({ length: count }, (_, i) => new Date(from + Math.floor((i * spanMs) / Math.max(count, 1))));
}

/** Milestones needed for `reminders` reminder stages. */
export function milestonesFor(reminders: number): number {
  return Math.ceil(reminders / DRILL_PLAN.length);
}

/** How many of these milestones' reminder rows the notifications service has planned, by state. */
export async function reminderStates(stack: Stack, milestoneIds: readonly string[]): Promise<Record<string, number>> {
  const rows = await stack.sql<{ state: string; count: string }>(
    `SELECT r.state, count(*) AS count
       FROM notifications.reminder r JOIN notifications.deadline d ON d.id = r.deadline_id
      WHERE d.subject_id = ANY($1::text[]) AND r.version = d.plan_version
      GROUP BY r.state`,
    [milestoneIds],
  );
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.count)]));
}

/** In-app notifications of these milestones, per (milestone, stage, recipient). */
export async function inboxCounts(stack: Stack, milestoneIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await stack.sql<{ subject_id: string; stage: string; recipient_key: string; count: string }>(
    `SELECT subject_id, stage, recipient_key, count(*) AS count FROM notifications.notification
      WHERE subject_id = ANY($1::text[]) GROUP BY subject_id, stage, recipient_key`,
    [milestoneIds],
  );
  return new Map(rows.map((row) => [`${row.subject_id} ${row.stage} ${row.recipient_key}`, Number(row.count)]));
}

export interface Tally {
  readonly sent: number;
  readonly delivered: number;
  readonly duplicated: number;
  readonly lost: number;
  /** Arrivals nobody expected (another stage or recipient): a problem of its own. */
  readonly unexpected: number;
}

/** Compares what must arrive (each once) with what arrived. */
export function tally(expected: readonly string[], arrived: ReadonlyMap<string, number>): Tally {
  const wanted = new Set(expected);
  let delivered = 0;
  let duplicated = 0;
  let lost = 0;
  for (const key of wanted) {
    const count = arrived.get(key) ?? 0;
    if (count === 0) lost += 1;
    else delivered += 1;
    if (count > 1) duplicated += count - 1;
  }
  let unexpected = 0;
  for (const [key, count] of arrived) if (!wanted.has(key)) unexpected += count;
  return { sent: wanted.size, delivered, duplicated, lost, unexpected };
}

/** Every (milestone, stage, recipient) that must reach an inbox once. */
export function expectedDeliveries(milestones: readonly PlannedMilestone[]): string[] {
  return milestones.flatMap((m) =>
    STAGES.flatMap((stage) => expectedRecipients(stage).map((recipient) => `${m.id} ${stage} ${recipient}`)),
  );
}

/** Lateness of each first delivery after its stage's instant (ms), as p50 / p99 / max. */
export async function lateness(stack: Stack, milestoneIds: readonly string[]): Promise<string> {
  const rows = await stack.sql<{ p50: number | null; p99: number | null; max: number | null }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY late) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY late) AS p99, max(late) AS max
       FROM (SELECT extract(epoch FROM (min(n.created_at) - r.fire_at)) * 1000 AS late
               FROM notifications.notification n
               JOIN notifications.deadline d ON d.subject_id = n.subject_id
               JOIN notifications.reminder r ON r.deadline_id = d.id AND r.stage = n.stage AND r.version = d.plan_version
              WHERE n.subject_id = ANY($1::text[])
              GROUP BY r.id, r.fire_at) AS firsts`,
    [milestoneIds],
  );
  const row = rows[0];
  const ms = (value: number | null) => (value === null ? '-' : `${Math.round(Number(value))} ms`);
  return `p50 ${ms(row?.p50 ?? null)} / p99 ${ms(row?.p99 ?? null)} / max ${ms(row?.max ?? null)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Expenditures: each write is a ledger row and, flagged, a notice in the city officer's inbox
// ---------------------------------------------------------------------------------------------------------

/** One logical expenditure write: its marker (the payee) and how it ended. */
export interface ExpenditureWrite {
  readonly marker: string;
  readonly outcome: WriteOutcome;
}

/**
 * Records an expenditure of 0.01万元 from the special fund for training (a category that fund may not pay
 * for), so funding flags it and sends a notice to 吕梁市's city officer. The payee is the write's marker.
 */
export function writeExpenditure(
  stack: Stack,
  facts: DemoFacts,
  marker: string,
  options?: { deadlineMs?: number; attemptTimeoutMs?: number },
): Promise<ExpenditureWrite> {
  return stack.http
    .write(
      'linxian',
      'POST',
      `/api/projects/${facts.projectId}/expenditures`,
      {
        date: shanghaiToday(),
        amountWan: '0.01',
        source: 'province_special',
        category: 'training',
        payee: marker,
        note: '故障演练',
      },
      options,
    )
    .then((outcome) => ({ marker, outcome }));
}

export function markers(label: string, count: number): string[] {
  const run = randomUUID().slice(0, 8);
  return Array.from({ length: count }, (_, i) => `演练${label}-${run}-${i + 1}`);
}

export interface ExpenditureTally extends Tally {
  /** Writes with no 2xx before their deadline. */
  readonly unanswered: number;
  /** Of those, recorded anyway (the client was told nothing, or a failure). */
  readonly unansweredButRecorded: number;
  /** Ledger rows beyond one per logical write. */
  readonly ledgerDuplicates: number;
  /** 2xx writes whose ledger row is missing. */
  readonly ledgerLost: number;
}

/**
 * Counts each logical write through the databases: its ledger rows (by marker) and the in-app notices about
 * them. A 2xx write must have exactly one ledger row and exactly one notice; a duplicate is any row beyond.
 */
export async function tallyExpenditures(stack: Stack, writes: readonly ExpenditureWrite[]): Promise<ExpenditureTally> {
  const rows = await stack.sql<{ payee: string; id: string; notices: string }>(
    `SELECT e.payee, e.id::text AS id,
            (SELECT count(*) FROM notifications.notification n
              WHERE n.subject_type = 'expenditure' AND n.subject_id = e.id::text) AS notices
       FROM funding.expenditure e WHERE e.payee = ANY($1::text[])`,
    [writes.map((w) => w.marker)],
  );
  const byMarker = new Map<string, { id: string; notices: number }[]>();
  for (const row of rows) {
    const list = byMarker.get(row.payee) ?? [];
    list.push({ id: row.id, notices: Number(row.notices) });
    byMarker.set(row.payee, list);
  }
  let sent = 0;
  let delivered = 0;
  let duplicated = 0;
  let lost = 0;
  let unanswered = 0;
  let unansweredButRecorded = 0;
  let ledgerDuplicates = 0;
  let ledgerLost = 0;
  for (const write of writes) {
    const recorded = byMarker.get(write.marker) ?? [];
    const ok = write.outcome.answer !== undefined && write.outcome.answer.status < 300;
    if (!ok) {
      unanswered += 1;
      if (recorded.length > 0) unansweredButRecorded += 1;
      // A write the client never saw succeed may exist at most once, and then with its notice once.
      if (recorded.length > 1) {
        duplicated += recorded.length - 1;
        ledgerDuplicates += recorded.length - 1;
      }
      for (const row of recorded) if (row.notices > 1) duplicated += row.notices - 1;
      continue;
    }
    sent += 1;
    if (recorded.length === 0) {
      lost += 1;
      ledgerLost += 1;
      continue;
    }
    if (recorded.length > 1) {
      duplicated += recorded.length - 1;
      ledgerDuplicates += recorded.length - 1;
    }
    const notices = recorded.reduce((sum, row) => sum + row.notices, 0);
    const first = recorded.find((row) => row.id === write.outcome.answer?.body?.id) ?? recorded[0];
    if (!first || first.notices === 0) lost += 1;
    else delivered += 1;
    if (notices > recorded.length) duplicated += notices - recorded.length;
  }
  return {
    sent,
    delivered,
    duplicated,
    lost,
    unexpected: 0,
    unanswered,
    unansweredButRecorded,
    ledgerDuplicates,
    ledgerLost,
  };
}

/** Statuses of every attempt, e.g. `201×4990 503×12 no-answer×3`. */
export function statusHistogram(attempts: readonly Attempt[]): string {
  const counts = new Map<string, number>();
  for (const attempt of attempts) {
    const key = attempt.status === 0 ? 'no-answer' : String(attempt.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
}

export function describeOutcome(outcome: WriteOutcome): string {
  const answer = outcome.answer;
  const statuses = statusHistogram(outcome.attempts);
  return answer
    ? `${answer.status} ${answer.text.slice(0, 200)} (attempts ${statuses})`
    : `no 2xx (attempts ${statuses})`;
}

/** Today's date in Asia/Shanghai (YYYY-MM-DD), as a county officer would enter it. */
export function shanghaiToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}
