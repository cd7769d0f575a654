/**
 * How many refused requests (401s, refused logins) the audit trail takes one row each, so that a flood of
 * bad tokens cannot grow the append-only trail without bound. Pure (no Nest, no I/O): SecurityAudit keeps
 * one per gateway replica and writes what it decides.
 *
 * Per minute (of the injected clock): each client address gets `perAddress` rows of its own, all addresses
 * together `perMinute`; every refusal beyond is only counted, and the minute's counts are written as ONE
 * summary row (how many, from how many addresses, the busiest ones) once the minute is over. So one replica
 * writes at most `perMinute + 1` rows a minute for refusals, whatever it is sent.
 */
export interface RefusalBudgetLimits {
  readonly perAddress: number;
  readonly perMinute: number;
  /** Addresses tracked one by one in a minute; beyond, they are counted together (memory stays bounded). */
  readonly trackedAddresses: number;
}

export const DEFAULT_REFUSAL_LIMITS: RefusalBudgetLimits = { perAddress: 10, perMinute: 100, trackedAddresses: 10_000 };

/** The refusals of a minute that got no row of their own. */
export interface RefusalSummary {
  /** The minute's start. */
  readonly minute: Date;
  readonly unwritten: number;
  /** By audit action (`auth.authenticate`, `auth.login`). */
  readonly byAction: Readonly<Record<string, number>>;
  readonly addresses: number;
  /** The busiest addresses, at most ten, busiest first. */
  readonly top: readonly { readonly address: string; readonly count: number }[];
}

export interface RefusalDecision {
  /** This refusal gets a row of its own. */
  readonly write: boolean;
  /** The summary of an earlier minute that has just ended, to write now (null if there is nothing to say). */
  readonly summary: RefusalSummary | null;
}

const MINUTE_MS = 60_000;
const OTHERS = '(others)';

export class RefusalBudget {
  private minute: number | null = null;
  private written = 0;
  private readonly writtenBy = new Map<string, number>();
  private readonly unwrittenBy = new Map<string, number>();
  private readonly unwrittenActions = new Map<string, number>();
  private unwritten = 0;

  constructor(private readonly limits: RefusalBudgetLimits = DEFAULT_REFUSAL_LIMITS) {}

  /** One refusal from `address` at `now`: does it get its own row, and is a past minute's summary due. */
  take(address: string, action: string, now: Date): RefusalDecision {
    const summary = this.roll(now);
    const mine = this.writtenBy.get(address) ?? 0;
    if (mine < this.limits.perAddress && this.written < this.limits.perMinute) {
      this.written += 1;
      // At most perMinute addresses are ever kept here.
      this.writtenBy.set(address, mine + 1);
      return { write: true, summary };
    }
    this.unwritten += 1;
    this.unwrittenActions.set(action, (this.unwrittenActions.get(action) ?? 0) + 1);
    const key =
      this.unwrittenBy.has(address) || this.unwrittenBy.size < this.limits.trackedAddresses ? address : OTHERS;
    this.unwrittenBy.set(key, (this.unwrittenBy.get(key) ?? 0) + 1);
    return { write: false, summary };
  }

  /** The summary of the minute in progress if it has ended by `now` (a timer asks, and shutdown with null). */
  flush(now: Date | null): RefusalSummary | null {
    return now === null ? this.close() : this.roll(now);
  }

  /** Starts the minute of `now` if it is a new one, returning the summary of the one that ended. */
  private roll(now: Date): RefusalSummary | null {
    const minute = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
    if (this.minute === minute) return null;
    const summary = this.close();
    this.minute = minute;
    return summary;
  }

  private close(): RefusalSummary | null {
    const summary: RefusalSummary | null =
      this.minute !== null && this.unwritten > 0
        ? {
            minute: new Date(this.minute),
            unwritten: this.unwritten,
            byAction: Object.fromEntries(this.unwrittenActions),
            addresses: this.unwrittenBy.size,
            top: [...this.unwrittenBy]
              .sort((a, b) => b[1] - a[1])
              .slice(0, 10)
              .map(([address, count]) => ({ address, count })),
          }
        : null;
    this.written = 0;
    this.unwritten = 0;
    this.writtenBy.clear();
    this.unwrittenBy.clear();
    this.unwrittenActions.clear();
    return summary;
  }
}
