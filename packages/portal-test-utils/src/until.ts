/**
 * Polls `probe` every quarter second until it gives something truthy, and returns that; a probe that
 * throws counts as not yet. Fails, naming `what`, after `timeoutMs`.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    }
    await new Promise(r => setTimeout(r, 250));
  }
}
