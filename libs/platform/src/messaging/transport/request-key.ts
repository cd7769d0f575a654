import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The write a request key stands for, while a service handles it. The gateway sends the key of an
 * idempotent write (its caller's Idempotency-Key, per user) with the RPC; the service records it in the
 * first transaction the handler opens, beside the write itself (Transactions.run). So a write is applied
 * once per key even when its answer is lost on the way back (a NATS restart, a gateway timeout) and the
 * caller sends it again: the retry finds the key taken and gets the first answer, never a second write.
 */
export interface RequestKey {
  readonly key: string;
  readonly subject: string;
  /** Set once this request's transaction has recorded the key (later transactions of the request pass). */
  claimed: boolean;
  /** Set once a transaction of this request has stored its result as the request's answer (runAndAnswer). */
  answeredWith?: { readonly reply: unknown };
}

const storage = new AsyncLocalStorage<RequestKey>();

export const RequestKeyContext = {
  run<T>(requestKey: RequestKey, work: () => Promise<T>): Promise<T> {
    return storage.run(requestKey, work);
  },

  current(): RequestKey | undefined {
    return storage.getStore();
  },
};

/** The key's write was committed before, by an earlier delivery of the same request. */
export class AlreadyAppliedError extends Error {
  constructor(readonly key: string) {
    super(`The write of request key ${key} was applied before`);
    this.name = 'AlreadyAppliedError';
  }
}
