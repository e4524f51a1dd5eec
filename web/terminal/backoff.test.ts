import { describe, expect, it } from 'vitest';
import {
  Backoff,
  RECONNECT_BASE_DELAY_MS,
  RECONNECT_JITTER,
  RECONNECT_MAX_DELAY_MS,
} from './backoff.js';

describe('reconnect backoff (DESIGN.md §6: reconnect while the share is valid)', () => {
  it('doubles the delay per attempt without jitter', () => {
    const backoff = new Backoff(() => 0.5);
    const delays = [1, 2, 3, 4].map(() => backoff.nextDelayMs());
    expect(delays).toEqual([
      RECONNECT_BASE_DELAY_MS,
      RECONNECT_BASE_DELAY_MS * 2,
      RECONNECT_BASE_DELAY_MS * 4,
      RECONNECT_BASE_DELAY_MS * 8,
    ]);
  });

  it('never waits longer than the cap, even with maximal jitter', () => {
    const backoff = new Backoff(() => 0.999);
    for (let i = 0; i < 30; i += 1) expect(backoff.nextDelayMs()).toBeLessThanOrEqual(RECONNECT_MAX_DELAY_MS);
  });

  it('keeps the jitter within its bounds', () => {
    const low = new Backoff(() => 0).nextDelayMs();
    const high = new Backoff(() => 0.999_999).nextDelayMs();
    expect(low).toBe(Math.round(RECONNECT_BASE_DELAY_MS * (1 - RECONNECT_JITTER)));
    expect(high).toBeLessThanOrEqual(Math.round(RECONNECT_BASE_DELAY_MS * (1 + RECONNECT_JITTER)));
  });

  it('starts from the base again after a reset', () => {
    const backoff = new Backoff(() => 0.5);
    backoff.nextDelayMs();
    backoff.nextDelayMs();
    expect(backoff.attempts).toBe(2);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.nextDelayMs()).toBe(RECONNECT_BASE_DELAY_MS);
  });
});
