import { Injectable } from '@nestjs/common';
import { endOfLocalDay, localDateOf } from '@duban/calendar';
import { GetProjectRpc, inScope, ListMilestonesRpc, type Actor } from '@duban/contracts';
import { Clock, RpcClient } from '@duban/platform';

/**
 * How long an entry is served at most, whatever the events say: the bound on staleness for a change this
 * replica was not told of (an event missed while its fanout consumer resubscribed from "new", a holiday table
 * the projects service applies after the gateway heard of it, a region renamed by SQL).
 */
export const PROJECT_DETAILS_MAX_AGE_MS = 30_000;
/** Entries kept at most (the national set has ~2,900 projects; an entry is ~1 KB): the oldest goes first. */
export const PROJECT_DETAILS_MAX_ENTRIES = 5_000;

interface Entry {
  /** The projects service's answer as the route sends it: JSON text, made once per fill rather than per read. */
  readonly json: string;
  /** The county and its city: a caller whose scope names either may be answered from here. */
  readonly regionPath: readonly string[];
  /** When the light may change (or the entry grows too old): served only before this instant (ms). */
  readonly validUntil: number;
}

/**
 * The gateway's read model of `GET /api/projects/:id` (issue 17, G7): the projects service's answer kept in
 * memory and served again without crossing NATS to the projects service and Postgres.
 *
 * - Kept by the projects service's events (ProjectDetailsSubscriber: project and milestone changes forget the
 *   project; programme rules, a closed programme or a new holiday table forget everything), and by every write
 *   through this gateway (forgotten when it starts and again when it is answered: read-your-writes).
 * - Time: a project's light depends on the clock only at local midnights (the yellow window counts working
 *   days from today; a due date falls due at the end of its day) and at an open extra milestone's `dueAt`, so
 *   an entry is served until the first of these after it was asked for, then asked for again.
 * - Scope: served only to a caller whose scope names the project's county or city (the RPC's own check, on a
 *   part of the path, so never wider); anyone else, and anything missing, is asked of the service, which also
 *   audits an out-of-scope attempt and answers its 404.
 * - A fill that raced with a change (a forget between its question and its answer) is served but not kept.
 */
@Injectable()
export class ProjectDetails {
  private readonly entries = new Map<string, Entry>();
  /** Forgetting counts up; a fill keeps its answer only if nothing it covers was forgotten since it asked. */
  private tick = 0;
  private allForgottenAt = 0;
  /** Projects forgotten while fills were under way (cleared when none is). */
  private readonly forgottenAt = new Map<string, number>();
  private fillsUnderWay = 0;

  constructor(
    private readonly rpc: RpcClient,
    private readonly clock: Clock,
  ) {}

  /**
   * The project as the projects service would answer `actor` now, as JSON text: a kept project's text is made
   * once, when it is kept, and the route sends it as is (issue 17, G7). Synchronous when the project is kept.
   */
  json(actor: Actor, projectId: string): string | Promise<string> {
    return this.keptJson(actor, projectId) ?? this.fill(actor, projectId);
  }

  /** The kept project's JSON text, if it may be served to `actor` now (the route's fast path asks this alone). */
  keptJson(actor: Actor, projectId: string): string | undefined {
    return this.served(actor, projectId)?.json;
  }

  /** The kept entry, if it may be served to `actor` now. */
  private served(actor: Actor, projectId: string): Entry | undefined {
    const entry = this.entries.get(projectId);
    return entry && this.clock.now().getTime() < entry.validUntil && inScope(actor, entry.regionPath)
      ? entry
      : undefined;
  }

  /** A change to this project (its row, a milestone) is committed, or about to be. */
  forget(projectId: string): void {
    this.entries.delete(projectId);
    if (this.fillsUnderWay > 0) this.forgottenAt.set(projectId, ++this.tick);
  }

  /** A change that may touch any project (a write through this gateway, a programme's rules, the calendar). */
  forgetAll(): void {
    this.entries.clear();
    this.allForgottenAt = ++this.tick;
  }

  /** Entries held (tests, and the memory bound). */
  get size(): number {
    return this.entries.size;
  }

  private async fill(actor: Actor, projectId: string): Promise<string> {
    const asked = this.tick;
    const askedAt = this.clock.now();
    this.fillsUnderWay += 1;
    try {
      const view = await this.rpc.call(GetProjectRpc, { actor, projectId });
      // Asked only once the project is found in scope: an out-of-scope attempt is audited once, as before.
      const milestones = await this.rpc.call(ListMilestonesRpc, { actor, projectId });
      const json = JSON.stringify(view);
      if (this.allForgottenAt <= asked && (this.forgottenAt.get(projectId) ?? 0) <= asked) {
        this.keep(projectId, {
          json,
          regionPath: [view.regionCode, ...(view.cityRegionCode ? [view.cityRegionCode] : [])],
          validUntil: lightHoldsUntil(askedAt, milestones),
        });
      }
      return json;
    } finally {
      this.fillsUnderWay -= 1;
      if (this.fillsUnderWay === 0) this.forgottenAt.clear();
    }
  }

  private keep(projectId: string, entry: Entry): void {
    this.entries.delete(projectId);
    if (this.entries.size >= PROJECT_DETAILS_MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(projectId, entry);
  }
}

/**
 * Until when a project's light, computed at `at`, stays what it is (ms): the next local midnight (Asia/Shanghai),
 * or an open milestone's exact `dueAt` before it, and never longer than PROJECT_DETAILS_MAX_AGE_MS. Between
 * these instants `statusLight` of every milestone is constant: it reads the clock only through today's local
 * date and through `now ≥ deadline`, a deadline being a local day's end or a `dueAt`.
 */
export function lightHoldsUntil(
  at: Date,
  milestones: readonly { readonly status: string; readonly dueAt: string | null }[],
): number {
  const now = at.getTime();
  let until = Math.min(now + PROJECT_DETAILS_MAX_AGE_MS, endOfLocalDay(localDateOf(at)).getTime());
  for (const { status, dueAt } of milestones) {
    if (status === 'done' || dueAt === null) continue;
    const due = Date.parse(dueAt);
    if (due > now && due < until) until = due;
  }
  return until;
}
