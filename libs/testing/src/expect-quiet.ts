/**
 * Proves that nothing more arrives: `probe` must keep returning what it returned at first for `ms`
 * (polled), instead of a fixed sleep followed by one look. Returns the settled value.
 */
export async function expectQuiet<T>(
  ms: number,
  probe: () => Promise<T> | T,
  options: { intervalMs?: number } = {},
): Promise<T> {
  const first = await probe();
  const expected = JSON.stringify(first);
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
    const now = JSON.stringify(await probe());
    if (now !== expected) throw new Error(`Expected nothing more within ${ms} ms, but ${expected} became ${now}`);
  }
  return first;
}
