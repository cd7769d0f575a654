import type { FireOutcome, FireRef } from '../firing/reminder-firing.service';

interface Waiting {
  readonly ref: FireRef;
  readonly resolve: (outcome: FireOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Gathers the firings a worker's timers ask for into batches, one transaction each: at most `maxInFlight`
 * batches run at once, and while they do, the next firings wait and join one batch (of at most `maxBatch`).
 * An isolated reminder is a batch of one and goes at once; 10,000 due at one instant go as a few hundred
 * transactions instead of 10,000. If a batch fails, its reminders are fired one by one, so one bad reminder
 * fails only its own timer (which BullMQ retries).
 */
export class FireBatcher {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(
    private readonly fireMany: (refs: readonly FireRef[]) => Promise<FireOutcome[]>,
    private readonly maxBatch: number,
    private readonly maxInFlight: number,
  ) {}

  fire(ref: FireRef): Promise<FireOutcome> {
    return new Promise<FireOutcome>((resolve, reject) => {
      this.waiting.push({ ref, resolve, reject });
      // Let the timers BullMQ hands over in the same tick join before the first batch starts.
      if (this.waiting.length === 1) setImmediate(() => this.pump());
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async run(batch: readonly Waiting[]): Promise<void> {
    try {
      const outcomes = await this.fireMany(batch.map((entry) => entry.ref));
      batch.forEach((entry, i) => entry.resolve(outcomes[i] as FireOutcome));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const entry of batch) {
        try {
          const [outcome] = await this.fireMany([entry.ref]);
          entry.resolve(outcome as FireOutcome);
        } catch (single) {
          entry.reject(single);
        }
      }
    }
  }
}
