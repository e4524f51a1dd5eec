import { describe, expect, it } from 'vitest';
import { dueExpiryNotices, EXPIRY_NOTICE_MS, expiryNoticeKey, extendedExpiresIn, minutesLeft } from './expiryNotice.js';

const t0 = Date.parse('2025-01-01T10:00:00.000Z');
const iso = (offsetMs: number) => new Date(t0 + offsetMs).toISOString();
const share = (id: string, lifeMs: number, state: 'active' | 'expired' | 'revoked' = 'active') => ({
  share_id: id,
  state,
  created_at: iso(0),
  expires_at: iso(lifeMs),
});

describe('the owner hears 5 minutes before a share expires (issue 12 item 5)', () => {
  const hour = share('sh_hour', 60 * 60_000);

  it('is due from 5 minutes before the end, not earlier and not after it', () => {
    const none = new Set<string>();
    expect(dueExpiryNotices([hour], t0 + 60 * 60_000 - EXPIRY_NOTICE_MS - 1_000, none)).toEqual([]);
    expect(dueExpiryNotices([hour], t0 + 60 * 60_000 - EXPIRY_NOTICE_MS, none)).toEqual([hour]);
    expect(dueExpiryNotices([hour], t0 + 60 * 60_000 - 1_000, none)).toEqual([hour]);
    expect(dueExpiryNotices([hour], t0 + 60 * 60_000, none)).toEqual([]);
  });

  it('tells once per expiry, and again once an extended share nears its new end', () => {
    const now = t0 + 58 * 60_000;
    const announced = new Set([expiryNoticeKey(hour)]);
    expect(dueExpiryNotices([hour], now, announced)).toEqual([]);
    const extended = { ...hour, expires_at: iso(60 * 60_000 + 30 * 60_000) };
    expect(dueExpiryNotices([extended], t0 + 88 * 60_000, announced)).toEqual([extended]);
  });

  it('skips ended shares and shares made to last 5 minutes or less', () => {
    const now = t0 + 2 * 60_000;
    expect(dueExpiryNotices([share('short', 4 * 60_000), share('five', EXPIRY_NOTICE_MS)], now, new Set())).toEqual([]);
    expect(dueExpiryNotices([share('gone', 6 * 60_000, 'revoked')], t0 + 3 * 60_000, new Set())).toEqual([]);
  });

  it('says the time left in whole minutes, rounded up', () => {
    expect(minutesLeft(EXPIRY_NOTICE_MS)).toBe('5 min');
    expect(minutesLeft(4 * 60_000 + 1)).toBe('5 min');
    expect(minutesLeft(59_000)).toBe('less than a minute');
  });

  it('extends from what is left, since the server counts expires_in from now', () => {
    expect(extendedExpiresIn({ expires_at: iso(10 * 60_000) }, 1800, t0)).toBe(40 * 60);
    expect(extendedExpiresIn({ expires_at: iso(-5_000) }, 1800, t0)).toBe(1800);
  });
});
