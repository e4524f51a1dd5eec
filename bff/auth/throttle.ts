/**
 * Slows guessing (passwords, share tokens): after `maxFailures` failures for one key (an account,
 * an address) within `windowMs`, further attempts are refused with 429 until the window has passed.
 * In memory, per instance: an attacker spreading over instances gets N× the budget, still bounded.
 */
export class FailureThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    private readonly maxFailures = 10,
    private readonly windowMs = 10 * 60_000,
  ) {}

  /** Milliseconds until the next attempt is allowed, or 0. */
  retryAfterMs(keys: string[]): number {
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key);
      if (recent.length >= this.maxFailures) wait = Math.max(wait, recent[0]! + this.windowMs - this.now());
    }
    return wait;
  }

  fail(keys: string[]): void {
    for (const key of keys) this.failures.set(key, [...this.recent(key), this.now()].slice(-this.maxFailures));
    if (this.failures.size > 10_000) this.prune();
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > cutoff);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) if (this.recent(key).length === 0) this.failures.delete(key);
  }
}
