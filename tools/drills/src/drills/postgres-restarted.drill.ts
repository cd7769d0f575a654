import { expectQuiet, waitFor } from '@duban/testing';
import { sized, type Drill } from '../drill';
import { Stack } from '../system/stack';
import {
  describeOutcome,
  inPool,
  markers,
  sleep,
  statusHistogram,
  tallyExpenditures,
  writeExpenditure,
  type ExpenditureWrite,
} from '../workload';
import { ciTiming } from './notifications-killed.drill';

/**
 * (e) Postgres restarted under write load. Meanwhile the gateway answers 503 with Retry-After (never another
 * error, never silence); the client retries with the same Idempotency-Key; afterwards every 2xx write is in
 * the ledger exactly once (the API lists it) and its notice reached the inbox once.
 */
export const postgresRestarted: Drill = {
  name: 'postgres-restarted',
  summary: 'Postgres restarted under write load: every 2xx present, 503 + Retry-After meanwhile, one record per key',
  async run({ scale, log }) {
    const total = sized(scale, 3_000, 300);
    const downMs = sized(scale, 10_000, 5_000);
    const modes: ('fast' | 'immediate')[] = sized(scale, ['fast', 'immediate'], ['immediate']);
    const stack = await Stack.start({ label: 'postgres-restarted', env: ciTiming(scale) });
    try {
      const facts = await stack.demoFacts();
      const names = markers('E', total);
      let started = 0;
      const outages: { from: number; to: number }[] = [];
      const restartAt = modes.map((_, k) => Math.floor(((k + 1) * total) / (modes.length + 1)));
      const restarts: Promise<void>[] = [];
      const restart = async (k: number) => {
        const from = Date.now();
        await stack.postgres.halt(modes[k]);
        log(`Postgres stopped (${modes[k]}) after ${started} writes started; back in ${downMs / 1000} s`);
        await sleep(downMs);
        await stack.postgres.resume();
        outages.push({ from, to: Date.now() });
        log(`Postgres restarted (#${k + 1})`);
      };
      log(`${total} expenditure writes, 8 at a time`);
      const writes: ExpenditureWrite[] = await inPool(names, 8, (marker) => {
        started += 1;
        const k = restartAt.indexOf(started);
        if (k >= 0) restarts.push(restart(k));
        return writeExpenditure(stack, facts, marker);
      });
      await Promise.all(restarts);
      const answered = writes.filter((w) => w.outcome.answer?.status === 201);
      log(`writes done: ${answered.length} answered 201`);

      await waitFor(
        'every notice delivered',
        async () => (await tallyExpenditures(stack, writes)).delivered,
        (delivered) => delivered >= answered.length,
        { timeoutMs: 180_000, intervalMs: 1000 },
      ).catch((error: Error) => log(error.message.slice(0, 300)));
      await expectQuiet(sized(scale, 10_000, 5_000), () => tallyExpenditures(stack, writes)).catch((error: Error) =>
        log(`still changing: ${error.message.slice(0, 200)}`),
      );
      const result = await tallyExpenditures(stack, writes);

      // Every 2xx as the API shows it: the project's ledger, page by page, lists each answered id.
      const { ledger, listed } = await listedExpenditures(stack, facts.projectId);
      const missingFromApi = answered.filter((w) => !listed.has(w.outcome.answer?.body?.id)).length;

      const attempts = writes.flatMap((w) => w.outcome.attempts);
      const refusals = attempts.filter((a) => a.status !== 201);
      const without = refusals.filter((a) => a.status === 503 && !a.retryAfter).length;
      // A retry that meets its own first attempt still under way is told so (409 + Retry-After) and retries.
      const others = refusals.filter((a) => a.status !== 503 && !(a.status === 409 && a.retryAfter));
      const problems: string[] = [];
      if (ledger.status !== 200) {
        problems.push(
          `GET /api/projects/:id/expenditures (the ledger, ${answered.length} expenditures) answered ${ledger.status}: ` +
            `${ledger.text.slice(0, 160)} (see funding.log in ${stack.logDir})`,
        );
      } else if (missingFromApi > 0) {
        problems.push(`${missingFromApi} answered writes missing from the project's ledger (API)`);
      }
      if (without > 0) problems.push(`${without} answers 503 without Retry-After`);
      if (others.length > 0)
        problems.push(`answers other than 201, 503 or 409 still under way: ${statusHistogram(others)}`);
      if (result.unanswered > 0) {
        // Each such write's key and its answers in time, to find in the apps' logs what held it.
        const stuck = writes
          .filter((w) => w.outcome.answer?.status !== 201)
          .slice(0, 3)
          .map((w) => `key ${w.outcome.idempotencyKey}: ${describeOutcome(w.outcome)}; ${timeline(w, outages)}`);
        problems.push(`${result.unanswered} writes got no 2xx within 2 minutes of retries: ${stuck.join(' | ')}`);
      }
      return {
        sent: result.sent,
        delivered: result.delivered,
        duplicated: result.duplicated,
        lost: result.lost,
        figures: {
          'Postgres restarts': `${modes.join(', ')} (${downMs / 1000} s down each)`,
          'writes retried': writes.filter((w) => w.outcome.attempts.length > 1).length,
          'attempts by status': statusHistogram(attempts),
          '503 with Retry-After': refusals.filter((a) => a.status === 503 && a.retryAfter).length,
          'ledger rows beyond one per write (same key retried)': result.ledgerDuplicates,
          '2xx writes missing from the ledger': result.ledgerLost,
          'answered writes listed by the API':
            ledger.status === 200 ? `${answered.length - missingFromApi} of ${answered.length}` : 'ledger unreadable',
          'writes never answered 2xx (recorded anyway)': `${result.unanswered} (${result.unansweredButRecorded})`,
        },
        problems,
      };
    } finally {
      await stack.stop();
    }
  },
};

/** Every expenditure id the API lists for the project (its pages, newest first), and the last answer read. */
async function listedExpenditures(
  stack: Stack,
  projectId: string,
): Promise<{ ledger: { status: number; text: string }; listed: Set<string> }> {
  const listed = new Set<string>();
  let before: string | null = null;
  for (;;) {
    const query: string = before ? `?limit=500&before=${before}` : '?limit=500';
    const page = await stack.http.call('linxian', `/api/projects/${projectId}/expenditures${query}`);
    if (page.status !== 200) return { ledger: page, listed };
    const body = page.body as { items: { id: string }[]; nextBefore: string | null };
    for (const item of body.items) listed.add(item.id);
    if (body.nextBefore === null) return { ledger: page, listed };
    before = body.nextBefore;
  }
}

/** A write's attempts as `status@seconds`, counted from the first Postgres stop. */
function timeline(write: ExpenditureWrite, outages: readonly { from: number; to: number }[]): string {
  const zero = outages[0]?.from ?? write.outcome.attempts[0]?.at ?? 0;
  const outagesText = outages.map((o) => `${(o.from - zero) / 1000}–${(o.to - zero) / 1000} s`).join(', ');
  const attempts = write.outcome.attempts.map((a) => `${a.status}@${((a.at - zero) / 1000).toFixed(1)}`);
  return `attempts ${attempts.join(' ')} (Postgres down ${outagesText})`;
}
