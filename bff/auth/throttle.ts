/**
 * Slowing guesses (passwords, share tokens). In memory, per instance: an attacker spreading over
 * instances gets N× the budget, still bounded.
 */

/**
 * Counts failures per key (an account, an address) within `windowMs`; past `maxFailures` further
 * attempts are refused until the oldest failure leaves the window.
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

interface AttemptState {
  failures: number;
  inFlight: number;
  lastFailureAt: number;
}

/** How a reserved attempt ended: `cancelled` gives the place back without counting anything. */
export type AttemptOutcome = 'succeeded' | 'failed' | 'cancelled';

export type Reservation = { ok: true; done(outcome: AttemptOutcome): void } | { ok: false; retryAfterMs: number };

/**
 * Login attempts per key, counted *before* the password is checked: an attempt reserves its place
 * and gives it back on success, so however many guesses arrive at once, at most `freeAttempts`
 * checks run. Past the free attempts each further one waits longer (doubling up to `maxDelayMs`)
 * instead of locking the key out for a fixed time; a success clears the key.
 */
export class AttemptLimiter {
  private readonly keys = new Map<string, AttemptState>();

  constructor(
    private readonly now: () => number,
    private readonly freeAttempts: number,
    private readonly o: { baseDelayMs?: number; maxDelayMs?: number; forgetAfterMs?: number } = {},
  ) {}

  reserve(keys: string[]): Reservation {
    const wait = Math.max(0, ...keys.map((key) => this.waitMs(key)));
    if (wait > 0) return { ok: false, retryAfterMs: wait };
    const states = keys.map((key) => this.state(key));
    for (const state of states) state.inFlight += 1;
    let settled = false;
    return {
      ok: true,
      done: (outcome) => {
        if (settled) return;
        settled = true;
        const now = this.now();
        for (const state of states) {
          state.inFlight -= 1;
          if (outcome === 'succeeded') state.failures = 0;
          else if (outcome === 'failed') {
            state.failures += 1;
            state.lastFailureAt = now;
          }
        }
        if (this.keys.size > 10_000) this.prune();
      },
    };
  }

  /** How long `key` must wait before its next attempt; 0 when it may try now. */
  private waitMs(key: string): number {
    const state = this.keys.get(key);
    if (!state) return 0;
    const used = state.failures + state.inFlight;
    if (used < this.freeAttempts) return 0;
    // Attempts still being checked count as used: the next one waits for them to finish.
    if (state.inFlight > 0) return 1_000;
    const over = state.failures - this.freeAttempts;
    const delay = Math.min(this.o.maxDelayMs ?? 15 * 60_000, (this.o.baseDelayMs ?? 1_000) * 2 ** Math.min(over, 20));
    return Math.max(0, state.lastFailureAt + delay - this.now());
  }

  private state(key: string): AttemptState {
    let state = this.keys.get(key);
    if (!state) this.keys.set(key, (state = { failures: 0, inFlight: 0, lastFailureAt: 0 }));
    return state;
  }

  private prune(): void {
    const cutoff = this.now() - (this.o.forgetAfterMs ?? 60 * 60_000);
    for (const [key, state] of this.keys) if (state.inFlight === 0 && state.lastFailureAt < cutoff) this.keys.delete(key);
  }
}
