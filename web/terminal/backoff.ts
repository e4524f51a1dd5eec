/**
 * Reconnect delays: exponential with jitter, capped. Jitter spreads the reconnects of many viewers
 * after an instance restart so they do not stampede the survivors at the same millisecond.
 */

/** First retry waits about this long. */
export const RECONNECT_BASE_DELAY_MS = 500;
/** Each further attempt waits this many times longer than the previous one. */
export const RECONNECT_MULTIPLIER = 2;
/** No wait is ever longer than this, so a viewer comes back soon after the server does. */
export const RECONNECT_MAX_DELAY_MS = 10_000;
/** ±25 % random spread around the nominal delay. */
export const RECONNECT_JITTER = 0.25;
/** A connection that stayed open this long counts as healthy: the next drop starts from the base. */
export const STABLE_CONNECTION_MS = 5_000;

export class Backoff {
  private attempt = 0;

  constructor(private readonly random: () => number = Math.random) {}

  /** How many delays were handed out since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next attempt; each call counts as one attempt. */
  nextDelayMs(): number {
    const nominal = Math.min(
      RECONNECT_MAX_DELAY_MS,
      RECONNECT_BASE_DELAY_MS * RECONNECT_MULTIPLIER ** this.attempt,
    );
    this.attempt += 1;
    const spread = (this.random() * 2 - 1) * RECONNECT_JITTER;
    return Math.round(Math.min(RECONNECT_MAX_DELAY_MS, nominal * (1 + spread)));
  }

  reset(): void {
    this.attempt = 0;
  }
}
