/**
 * The one polling helper (STYLE.md lesson 13: poll with a retrying assertion, never sleep) for the
 * vitest suites, the throwaway servers of bff/testing/services.ts and the bench. Plain TypeScript
 * with no imports, so any runtime can load it; Playwright specs use `expect.poll`, its own.
 */

/** Retries `check` until it returns without throwing, or rethrows its last error after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** `eventually` for a yes/no condition: resolves once `condition` holds, else fails naming `what`. */
export function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000, intervalMs = 25): Promise<void> {
  return eventually(async () => {
    if (!(await condition())) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
  }, timeoutMs, intervalMs);
}
