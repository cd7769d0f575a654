import { AsyncLocalStorage } from 'node:async_hooks';
import { DomainError } from '@duban/contracts';
import { RequestKeyContext } from '../messaging/transport/request-key';
import type { Transactions, Tx } from './transactions';

/** One write waiting for its group: what to apply, whom to answer, and the caller's context to apply it in. */
interface Waiting<I, R> {
  readonly item: I;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
  /** Runs a function in the caller's async context (its correlation, its logger's bindings). */
  readonly inCaller: <T>(work: () => T) => T;
}

type Outcome<R> = { readonly value: R } | { readonly refusal: DomainError };

/** Writes applied together at most: a group's row locks are held until it commits. */
const MAX_GROUP = 100;

/**
 * Group commit for one kind of write (issue 17, G4): while `groupsAtOnce` transactions are applying writes, the
 * writes that arrive wait, and go together, in arrival order, in the next transaction to start. Each write's
 * statements still run as they would alone, but the transaction's begin, its audit append and its commit are
 * paid once per group, not once per write. An idle service applies a write at once, alone, as before; under
 * load, the groups grow with the backlog.
 *
 * - A write refused by its own rules (a DomainError: not found, forbidden, a conflict; all thrown before it
 *   writes anything) is answered with its refusal, and the group goes on.
 * - Any other failure (a statement failing, a deadlock with another group) rolls the group back; then the
 *   writes are applied again alone, in order (see applyEachAlone), so a failure is laid at its own door and
 *   the others commit. A commit can fail without saying whether it happened (the connection lost in it): `apply`
 *   must then refuse what is already applied, as a completion refuses a milestone already done.
 * - A write that carries a request key (an idempotent write) is applied alone (`runAndAnswer`): its key and
 *   answer must commit or roll back with it alone.
 */
export class GroupedWrites<I, R> {
  private waiting: Waiting<I, R>[] = [];
  /** Groups being applied. */
  private applying = 0;

  constructor(
    private readonly transactions: Transactions,
    private readonly apply: (tx: Tx, item: I) => Promise<R>,
    private readonly groupsAtOnce: number,
  ) {}

  submit(item: I): Promise<R> {
    if (RequestKeyContext.current()) return this.transactions.runAndAnswer((tx) => this.apply(tx, item));
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject, inCaller: AsyncLocalStorage.snapshot() });
      this.drain();
    });
  }

  /** Starts a group with what waits, while fewer than `groupsAtOnce` are being applied. */
  private drain(): void {
    while (this.applying < this.groupsAtOnce && this.waiting.length > 0) {
      this.applying += 1;
      void this.applyGroup(this.waiting.splice(0, MAX_GROUP)).finally(() => {
        this.applying -= 1;
        this.drain();
      });
    }
  }

  private async applyGroup(group: readonly Waiting<I, R>[]): Promise<void> {
    const outcomes: Outcome<R>[] = [];
    try {
      await this.transactions.run(async (tx) => {
        for (const write of group) {
          try {
            outcomes.push({ value: await write.inCaller(() => this.apply(tx, write.item)) });
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            outcomes.push({ refusal: error });
          }
        }
      });
    } catch {
      await this.applyEachAlone(group, outcomes);
      return;
    }
    group.forEach((write, i) => settle(write, outcomes[i] as Outcome<R>));
  }

  /**
   * After a group rolled back, every write is applied alone, in order, but for a refusal about its caller (not
   * found, forbidden: audited when it was made, and not changed by what the group wrote before it), which stands.
   * A conflict is decided again: the group's earlier writes it may have met (the same milestone completed just
   * before) are rolled back.
   */
  private async applyEachAlone(group: readonly Waiting<I, R>[], outcomes: readonly Outcome<R>[]): Promise<void> {
    for (const [i, write] of group.entries()) {
      const outcome = outcomes[i];
      if (outcome && 'refusal' in outcome && outcome.refusal.code !== 'conflict') {
        settle(write, outcome);
        continue;
      }
      await write
        .inCaller(() => this.transactions.run((tx) => this.apply(tx, write.item)))
        .then(write.resolve, write.reject);
    }
  }
}

function settle<R>(write: Waiting<unknown, R>, outcome: Outcome<R>): void {
  if ('refusal' in outcome) write.reject(outcome.refusal);
  else write.resolve(outcome.value);
}
