import { AsyncLocalStorage } from 'node:async_hooks';
import { v7 as uuidv7 } from 'uuid';

export interface Correlation {
  /** Follows one user request through every service, queue job and event. */
  readonly correlationId: string;
  /** The event (or request) that caused the current work; null at the edge. */
  readonly causationId: string | null;
}

const storage = new AsyncLocalStorage<Correlation>();

/**
 * The correlation of the work in progress, carried implicitly across awaits. The gateway opens it per
 * HTTP request, the RPC server per request, the event consumer per message; logs and the outbox read it.
 */
export const CorrelationContext = {
  run<T>(correlation: Correlation, work: () => T): T {
    return storage.run(correlation, work);
  },

  current(): Correlation | undefined {
    return storage.getStore();
  },

  /** The current correlation, or a fresh one for work that starts here (a timer, a script). */
  currentOrNew(): Correlation {
    return storage.getStore() ?? { correlationId: uuidv7(), causationId: null };
  },
};

/** Accepts a caller's correlation id only if it is a sane token; otherwise a new one is made. */
export function acceptCorrelationId(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : uuidv7();
}
