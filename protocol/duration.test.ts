import { describe, expect, it } from 'vitest';
import { checkExpiresIn, formatDuration, parseDuration } from './duration.js';
import { isRetryableClose, CloseCode } from './closeCodes.js';
import { seqGap } from './seq.js';

describe('§5 expires_in', () => {
  it('parses presets, combinations and seconds', () => {
    expect(parseDuration('30m')).toBe(1800);
    expect(parseDuration('1h')).toBe(3600);
    expect(parseDuration('4h')).toBe(14400);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('2h15m')).toBe(8100);
    expect(parseDuration('1d')).toBe(86400);
    expect(parseDuration(' 90S ')).toBe(90);
    expect(parseDuration(600)).toBe(600);
    expect(parseDuration('600')).toBe(600);
  });

  it('refuses what is not a duration', () => {
    for (const bad of ['', 'soon', '1x', 'h1', '1.5h', '-1h', '30m1h', '0', 0, -5, 1.5, 'NaN']) expect(parseDuration(bad as string), String(bad)).toBeNull();
  });

  it('enforces the 1 minute floor and the configured ceiling', () => {
    expect(checkExpiresIn('30s', 86400)).toMatchObject({ ok: false, message: expect.stringContaining('at least 1m') });
    expect(checkExpiresIn('25h', 86400)).toMatchObject({ ok: false, message: expect.stringContaining('at most 1d') });
    expect(checkExpiresIn('1m', 86400)).toEqual({ ok: true, seconds: 60 });
    expect(checkExpiresIn('24h', 86400)).toEqual({ ok: true, seconds: 86400 });
  });

  it('formats durations back', () => {
    expect(formatDuration(5400)).toBe('1h30m');
    expect(formatDuration(0)).toBe('0s');
  });
});

describe('§6 close codes and seq gaps', () => {
  it('marks only transient close codes retryable', () => {
    expect(isRetryableClose(CloseCode.shareEnded)).toBe(false);
    expect(isRetryableClose(CloseCode.notLoggedIn)).toBe(false);
    expect(isRetryableClose(CloseCode.storeUnavailable)).toBe(true);
    expect(isRetryableClose(1006)).toBe(true);
  });

  it('reports a gap only when seq jumps', () => {
    expect(seqGap(null, 7)).toBeNull();
    expect(seqGap(6, 7)).toBeNull();
    expect(seqGap(6, 6)).toBeNull();
    expect(seqGap(6, 10)).toEqual({ expected: 7, received: 10, missing: 3 });
  });
});
