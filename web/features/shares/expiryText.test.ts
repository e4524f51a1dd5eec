import { describe, expect, it } from 'vitest';
import { checkCustomExpiry, describeServerExpiryError, expiryHint } from './expiryText.js';

const day = 24 * 3600;

describe('share dialog expiry messages (DESIGN.md §5 bounds, in the product’s words)', () => {
  it('accepts durations within bounds', () => {
    expect(checkCustomExpiry('1h30m', day)).toEqual({ ok: true, seconds: 5400 });
    expect(checkCustomExpiry('24h', day)).toEqual({ ok: true, seconds: day });
  });

  it('says the upper bound the way the hint does', () => {
    expect(checkCustomExpiry('25h', day)).toEqual({ ok: false, message: 'At most 24 hours.' });
    expect(checkCustomExpiry('2d', day)).toEqual({ ok: false, message: 'At most 24 hours.' });
    expect(expiryHint(day)).toBe('From 1 minute up to 24 hours, e.g. 2h or 1h30m.');
  });

  it('explains the lower bound, malformed and empty input', () => {
    expect(checkCustomExpiry('30s', day)).toEqual({ ok: false, message: 'At least 1 minute.' });
    expect(checkCustomExpiry('soon', day)).toMatchObject({ ok: false, message: expect.stringContaining('like 45m') });
    expect(checkCustomExpiry('  ', day)).toMatchObject({ ok: false, message: expect.stringContaining('Enter how long') });
  });

  it('rewords the server’s refusal when its limit is lower', () => {
    expect(describeServerExpiryError('expires_in must be at most 4h')).toBe('At most 4 hours.');
    expect(describeServerExpiryError('expires_in must be at least 1m')).toBe('At least 1 minute.');
    expect(describeServerExpiryError('expires_in must look like 30m')).toContain('like 45m');
  });
});
