export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/**
 * Polls `probe` until it returns a value for which `done` holds, or fails with the last value seen.
 * Tests wait for asynchronous effects this way, never with a fixed sleep.
 */
export async function waitFor<T>(
  description: string,
  probe: () => Promise<T> | T,
  done: (value: T) => boolean,
  options: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      lastError = undefined;
      if (done(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
  const seen = lastError ? `error ${(lastError as Error).message}` : JSON.stringify(last);
  throw new Error(`Timed out waiting for ${description}; last seen: ${seen}`);
}
