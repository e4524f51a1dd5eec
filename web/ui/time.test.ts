import { describe, expect, it } from 'vitest';
import {
  formatAbsolute,
  formatDurationWords,
  formatRelative,
  formatSpan,
  formatWhen,
  fromDateTimeInput,
  isIsoTimestamp,
  toDateTimeInput,
  zoneName,
} from './time.js';

const at = '2025-06-05T07:52:11.000Z';
const t = Date.parse(at);

describe('one time formatter: every absolute time carries its zone', () => {
  it('prints 24-hour times with the zone, with or without date and seconds', () => {
    expect(formatAbsolute(at, 'utc')).toMatch(/2025.*07:52:11 UTC$/);
    expect(formatAbsolute(at, 'utc', { date: false })).toBe('07:52:11 UTC');
    expect(formatAbsolute(at, 'utc', { date: false, seconds: false })).toBe('07:52 UTC');
    expect(formatAbsolute(at, 'local', { date: false })).toMatch(/^\d\d:\d\d:\d\d \S+/);
    expect(zoneName('utc')).toBe('UTC');
  });

  it('leaves what is not a time as it is', () => {
    expect(formatAbsolute('soon', 'utc')).toBe('soon');
    expect(isIsoTimestamp(at)).toBe(true);
    expect(isIsoTimestamp('2025-06-05')).toBe(false);
    expect(isIsoTimestamp(42)).toBe(false);
  });

  it('drops the date inside sentences when it is today', () => {
    expect(formatWhen(t + 30 * 60_000, 'utc', t)).toBe('08:22 UTC');
    expect(formatWhen(t + 2 * 86_400_000, 'utc', t)).toMatch(/2025.*07:52 UTC$/);
  });
});

describe('relative times and spans', () => {
  it('reads both directions', () => {
    expect(formatRelative(t + 30 * 60_000, t)).toBe('in 30 min');
    expect(formatRelative(t - 250_000, t)).toBe('4 min 10 s ago');
    expect(formatRelative(t - 2_000, t)).toBe('just now');
    expect(formatRelative(t + (2 * 3600 + 5 * 60 + 20) * 1000, t)).toBe('in 2 h 5 min');
  });

  it('keeps the two largest units', () => {
    expect(formatSpan(0)).toBe('0 s');
    expect(formatSpan(3 * 86_400_000 + 4 * 3_600_000 + 59_000)).toBe('3 d 4 h');
    expect(formatSpan(3_600_000 + 20_000)).toBe('1 h');
  });

  it('says durations in words', () => {
    expect(formatDurationWords(86_400)).toBe('24 hours');
    expect(formatDurationWords(5_400)).toBe('1 hour 30 minutes');
    expect(formatDurationWords(60)).toBe('1 minute');
    expect(formatDurationWords(3 * 86_400)).toBe('3 days');
  });
});

describe('datetime-local inputs follow the chosen zone', () => {
  it('round-trips in UTC', () => {
    expect(toDateTimeInput(at, 'utc')).toBe('2025-06-05T07:52');
    expect(fromDateTimeInput('2025-06-05T07:52', 'utc')).toBe('2025-06-05T07:52:00.000Z');
    expect(fromDateTimeInput('', 'utc')).toBeUndefined();
  });

  it('round-trips in local time', () => {
    const local = toDateTimeInput(at, 'local');
    expect(fromDateTimeInput(local, 'local')).toBe('2025-06-05T07:52:00.000Z');
  });
});
