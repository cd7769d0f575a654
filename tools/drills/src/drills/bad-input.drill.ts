import { randomUUID } from 'node:crypto';
import { expectQuiet } from '@duban/testing';
import fc from 'fast-check';
import { sized, type Drill } from '../drill';
import type { Hints } from '../fuzz/arbitraries';
import { badRequests, excerpt, type BadRequest, type IdsByResource } from '../fuzz/bad-requests';
import { auditRows, differences, snapshot } from '../fuzz/database-snapshot';
import { loadDocument, operationsOf } from '../fuzz/openapi';
import { Stack, type DemoFacts } from '../system/stack';
import { inPool, shanghaiToday } from '../workload';

interface Observation {
  readonly request: BadRequest;
  readonly status: number;
  readonly contentType: string;
  readonly verdict: 'refused' | 'read' | 'server-error' | 'not-problem' | 'accepted' | 'no-answer';
  readonly note?: string;
}

/**
 * Generated bad input on every route of the OpenAPI document (fast-check): each request breaks the document
 * in one place (a path or query parameter, the body, its encoding, the token) or carries a NUL. Every answer
 * must be below 500, every 4xx problem+json, no write accepted, and nothing written: every application table
 * is the same after the run as before (audit trails aside: refusals are audited by design).
 */
export const badInput: Drill = {
  name: 'bad-input',
  summary: 'generated bad input on every OpenAPI route: 0 × 5xx, every 4xx problem+json, nothing written',
  async run({ scale, log }) {
    const total = sized(scale, 12_000, 1_500);
    const seed = Number(process.env.DRILLS_SEED ?? Date.now() % 2 ** 31);
    const stack = await Stack.start({
      label: 'bad-input',
      // The login route is fuzzed too: its per-address limit and delays would only slow the run down.
      env: {
        DUBAN_AUTH_LOGIN_RATE_LIMIT: '1000000',
        DUBAN_AUTH_FAILURE_DELAY_MS: '0',
        DUBAN_AUTH_MAX_FAILED_ATTEMPTS: '100',
      },
    });
    try {
      const facts = await stack.demoFacts();
      const { ids, hints } = await prepareWorld(stack, facts, log);
      for (const user of ['province', 'lvliang', 'linxian', 'inspector']) await stack.http.token(user);
      const { document, source } = await loadDocument(stack.http);
      const operations = operationsOf(document);
      log(`${operations.length} operations from the document ${source}; seed ${seed}`);

      // Settled: nothing changes on its own before the run starts.
      const before = await expectQuiet(3_000, async () => [...(await snapshot(stack)).entries()]).then(
        (entries) => new Map(entries),
      );
      const auditBefore = await auditRows(stack);

      const perOperation = Math.ceil(total / operations.length);
      const requests = operations.flatMap((operation, index) =>
        fc.sample(badRequests(operation, ids, hints), { numRuns: perOperation, seed: seed + index }),
      );
      log(`${requests.length} requests (${perOperation} per operation), 8 at a time`);
      let done = 0;
      const observations = await inPool(requests, 8, async (request) => {
        const observation = await send(stack, request);
        done += 1;
        if (done % 2000 === 0) log(`${done} sent`);
        return observation;
      });

      const after = await expectQuiet(3_000, async () => [...(await snapshot(stack)).entries()])
        .then((entries) => new Map(entries))
        .catch(async (error: Error) => {
          log(`still changing after the run: ${error.message.slice(0, 200)}`);
          return snapshot(stack);
        });
      const written = differences(before, after);
      const auditAfter = await auditRows(stack);

      const by = (verdict: Observation['verdict']) => observations.filter((o) => o.verdict === verdict);
      const problems: string[] = [];
      const report = (verdict: Observation['verdict'], label: string) => {
        const found = by(verdict);
        if (found.length === 0) return;
        const routes = countBy(found, (o) => `${o.request.operation} ${o.status || ''}`.trim());
        problems.push(`${found.length} ${label}; by route: ${routes}`);
        for (const o of examples(found)) {
          const answer = `${o.status} ${o.contentType} ${(o.note ?? '').slice(0, 140)}`;
          problems.push(`  e.g. ${o.request.method} ${excerpt(o.request.url, 80)} [${o.request.what}] → ${answer}`);
        }
      };
      report('server-error', 'answers 5xx');
      report('no-answer', 'requests without an answer within 30 s');
      report('not-problem', '4xx answers not problem+json');
      report('accepted', 'writes accepted (2xx) with bad input');
      if (written.length > 0) {
        const cause = by('accepted').length > 0 ? ' (some may be the accepted writes above)' : ' by refused requests';
        problems.push(`tables changed${cause}: ${written.join('; ')}`);
      }

      const refused = by('refused').length;
      return {
        sent: observations.length,
        delivered: refused + by('read').length,
        duplicated: 0,
        lost: by('no-answer').length,
        figures: {
          'OpenAPI document': source,
          'routes (operations)': operations.length,
          'fast-check seed (DRILLS_SEED)': seed,
          requests: observations.length,
          'refused 4xx as problem+json': refused,
          'reads answered 2xx (GET, nothing to write)': by('read').length,
          '5xx': by('server-error').length,
          statuses: countBy(observations, (o) => String(o.status || 'no answer')),
          'tables changed': written.length === 0 ? 'none' : written.length,
          'audit rows recorded by the refusals': auditAfter - auditBefore,
        },
        problems,
      };
    } finally {
      await stack.stop();
    }
  },
};

/** Objects the routes' ids can name (created before the "before" snapshot), and plausible field values. */
async function prepareWorld(
  stack: Stack,
  facts: DemoFacts,
  log: (message: string) => void,
): Promise<{ ids: IdsByResource; hints: Hints }> {
  const ok = (what: string, answer: { status: number; text: string }) => {
    if (answer.status >= 300) log(`setup: ${what} answered ${answer.status} ${answer.text.slice(0, 200)}`);
    return answer.status < 300;
  };
  const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });
  const milestones = await stack.http.call('linxian', `/api/projects/${facts.projectId}/milestones`);
  const milestoneIds = (milestones.body as { id: string }[]).map((m) => m.id).slice(0, 3);
  const extra = await stack.http.call(
    'linxian',
    `/api/projects/${facts.projectId}/milestones`,
    json('POST', {
      title: '坏输入演练节点',
      dueAt: new Date(Date.now() + 60 * 24 * 3600_000).toISOString(),
      responsibleOfficerIds: [facts.officerIds.linxian],
      reminderPlan: ['-P1D'],
    }),
  );
  if (ok('milestone', extra)) milestoneIds.push(extra.body.id);
  const programmes = await stack.http.call('province', '/api/programmes');
  const programmeList = (Array.isArray(programmes.body) ? programmes.body : (programmes.body?.items ?? [])) as {
    id: string;
    code?: string;
  }[];
  const inspection = await stack.http.call(
    'lvliang',
    `/api/projects/${facts.projectId}/inspections`,
    json('POST', { kind: 'inspection', date: '2031-03-01', inspectors: ['inspector'] }),
  );
  const inspectionIds: string[] = [];
  const rubricIds: string[] = [];
  const itemIds: string[] = [];
  if (ok('inspection', inspection)) {
    inspectionIds.push(inspection.body.id);
    const detail = await stack.http.call('lvliang', `/api/inspections/${inspection.body.id}`);
    if (detail.body?.rubricId) rubricIds.push(detail.body.rubricId);
    for (const item of (detail.body?.items ?? []) as { id?: string; itemId?: string }[]) {
      const id = item.itemId ?? item.id;
      if (id) itemIds.push(id);
    }
  }
  const report = await stack.http.call(
    'linxian',
    `/api/projects/${facts.projectId}/reports`,
    json('POST', { month: '2023-05', constructionType: 'new', progress: 'site_selected', workContent: '演练月报' }),
  );
  const expenditure = await stack.http.call(
    'linxian',
    `/api/projects/${facts.projectId}/expenditures`,
    json('POST', {
      date: shanghaiToday(),
      amountWan: '0.01',
      source: 'province_special',
      category: 'training',
      payee: '坏输入演练',
      note: '',
    }),
  );
  ok('expenditure', expenditure);
  ok('report', report);
  // The city officer's inbox gets the expenditure's notice: a notification id to mark read.
  let notificationIds: string[] = [];
  for (let i = 0; i < 60 && notificationIds.length === 0; i++) {
    const inbox = await stack.http.call('lvliang', '/api/me/notifications');
    notificationIds = ((inbox.body?.items ?? []) as { id: string }[]).map((n) => n.id);
    if (notificationIds.length === 0) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const randomIds = Array.from({ length: 3 }, () => randomUUID());
  const ids: IdsByResource = {
    projects: [facts.projectId],
    milestones: milestoneIds,
    reports: report.status < 300 ? [report.body.id] : randomIds,
    rubrics: rubricIds,
    inspections: inspectionIds,
    itemId: itemIds,
    programmes: programmeList.map((p) => p.id),
    expenditures: expenditure.status < 300 ? [expenditure.body.id] : randomIds,
    me: notificationIds.slice(0, 3),
  };
  const hints: Hints = {
    uuids: [facts.projectId, ...milestoneIds, ...Object.values(facts.officerIds), ...randomIds],
    byName: {
      responsibleOfficerIds: Object.values(facts.officerIds),
      after: milestoneIds,
      username: ['linxian', 'lvliang'],
      responsibleUsername: ['linxian'],
      inspectors: ['inspector'],
      programmeCode: programmeList.map((p) => p.code).filter(Boolean) as string[],
      programme: programmeList.map((p) => p.code).filter(Boolean) as string[],
      programmeId: programmeList.map((p) => p.id),
      sourceProgrammeId: programmeList.map((p) => p.id),
      region: ['141124', '141100'],
      parent: ['141100'],
      itemId: itemIds,
      reinspectionOf: inspectionIds,
    },
  };
  log(
    `setup: project, ${milestoneIds.length} milestones, ${inspectionIds.length} inspection, ${itemIds.length} rubric items, ` +
      `${notificationIds.length} notifications, ${programmeList.length} programmes`,
  );
  return { ids, hints };
}

async function send(stack: Stack, request: BadRequest): Promise<Observation> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.user) headers.authorization = `Bearer ${await stack.http.token(request.user)}`;
  let response: Response;
  try {
    response = await fetch(`${stack.http.baseUrl}${request.url}`, {
      method: request.method,
      headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    return { request, status: 0, contentType: '', verdict: 'no-answer', note: (error as Error).message };
  }
  const contentType = response.headers.get('content-type') ?? '';
  const status = response.status;
  if (contentType.startsWith('text/event-stream')) {
    await response.body?.cancel();
    return { request, status, contentType, verdict: status < 300 ? 'read' : 'not-problem' };
  }
  const text = await response.text().catch(() => '');
  if (status >= 500) return { request, status, contentType, verdict: 'server-error', note: text.slice(0, 200) };
  if (status >= 400) {
    let problem: { status?: unknown; title?: unknown } | undefined;
    try {
      problem = JSON.parse(text);
    } catch {
      problem = undefined;
    }
    const isProblem =
      contentType.startsWith('application/problem+json') &&
      problem?.status === status &&
      typeof problem?.title === 'string';
    return { request, status, contentType, verdict: isProblem ? 'refused' : 'not-problem', note: text.slice(0, 120) };
  }
  if (request.method === 'GET') return { request, status, contentType, verdict: 'read' };
  return { request, status, contentType, verdict: 'accepted', note: text.slice(0, 200) };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const shown = sorted.slice(0, 12).map(([k, n]) => `${k} ×${n}`);
  return sorted.length > 12 ? `${shown.join(', ')}, … (${sorted.length - 12} more)` : shown.join(', ');
}

/** Examples that differ: one per status and kind of bad input first, then per route; at most 8. */
function examples(observations: readonly Observation[]): Observation[] {
  const out: Observation[] = [];
  const pick = (key: (o: Observation) => string) => {
    const seen = new Set(out.map(key));
    for (const o of observations) {
      if (out.length >= 8) return;
      if (seen.has(key(o))) continue;
      seen.add(key(o));
      out.push(o);
    }
  };
  pick((o) => `${o.status} ${o.request.what.split(' ')[0]}`);
  pick((o) => `${o.request.operation} ${o.status}`);
  return out;
}
