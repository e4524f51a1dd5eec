/**
 * How many sessions one user may open (DESIGN.md §17): attempts per window, so that opening
 * sessions cannot be used to sweep a network, and open sessions at once, so that one account
 * cannot hold the Controller's SSH capacity.
 */
import { FailureThrottle } from '../auth/throttle.js';
import { HttpError } from '../errors.js';

export interface SessionLimitsOptions {
  now: () => number;
  /** The user's open sessions on every instance (the store's count). */
  countOpen: (userId: string) => Promise<number>;
  maxOpen: number;
  maxAttempts?: number;
  windowMs?: number;
}

export class SessionLimits {
  private readonly attempts: FailureThrottle;
  /** Opens under way per user: admitted, not yet in the store. */
  private readonly opening = new Map<string, number>();

  constructor(private readonly o: SessionLimitsOptions) {
    this.attempts = new FailureThrottle(o.now, o.maxAttempts ?? 30, o.windowMs ?? 10 * 60_000);
  }

  /**
   * Admits one attempt or throws 429. Every attempt counts, failed ones above all (a scan is made
   * of failures), and it counts before anything is awaited, so parallel attempts cannot outrun
   * it. Call the returned function once the session is in the store, or the attempt failed.
   */
  async admit(userId: string): Promise<() => void> {
    const waitMs = this.attempts.retryAfterMs([userId]);
    if (waitMs > 0) {
      throw new HttpError(429, 'too_many_sessions_opened', 'Too many sessions opened recently; try again later', { 'Retry-After': String(Math.ceil(waitMs / 1000)) });
    }
    this.attempts.fail([userId]);
    this.opening.set(userId, (this.opening.get(userId) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.opening.get(userId) ?? 1) - 1;
      if (left > 0) this.opening.set(userId, left);
      else this.opening.delete(userId);
    };
    try {
      const open = await this.o.countOpen(userId);
      if (open + (this.opening.get(userId) ?? 1) > this.o.maxOpen) {
        throw new HttpError(429, 'too_many_sessions', `You have ${open} sessions open, the most allowed is ${this.o.maxOpen}; close one first`);
      }
    } catch (err) {
      release();
      throw err;
    }
    return release;
  }
}
