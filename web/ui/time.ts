import { useEffect, useState, useSyncExternalStore } from 'react';

/**
 * The app's one time formatter (every page goes through it, so a time never reads two ways on one
 * screen): absolute times always carry their zone, in 24-hour form, in the zone the user picked
 * (UTC or the browser's local zone); relative times read "in 30 min" / "4 min ago".
 * Pure functions take the zone as an argument; web/ui/Time.tsx binds them to the user's choice.
 */

export type TimeZoneMode = 'local' | 'utc';
export type TimeValue = string | number | Date;

export interface AbsoluteOptions {
  /** Include the date (default true). */
  date?: boolean;
  /** Include seconds (default true). */
  seconds?: boolean;
}

function toDate(value: TimeValue): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: TimeZoneMode, date: boolean, seconds: boolean): Intl.DateTimeFormat {
  const key = `${zone}|${date}|${seconds}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, {
      ...(date ? { year: 'numeric', month: 'short', day: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      ...(seconds ? { second: '2-digit' } : {}),
      hourCycle: 'h23',
      timeZone: zone === 'utc' ? 'UTC' : undefined,
      timeZoneName: 'short',
    });
    formatters.set(key, format);
  }
  return format;
}

/** "Jun 5, 2025, 08:18:05 UTC" (date and seconds optional); a value that is no time comes back as text. */
export function formatAbsolute(value: TimeValue, zone: TimeZoneMode, { date = true, seconds = true }: AbsoluteOptions = {}): string {
  const parsed = toDate(value);
  return parsed ? formatterFor(zone, date, seconds).format(parsed) : String(value);
}

/** The zone's short name as the formatter prints it: "UTC", "CEST", "GMT+2". */
export function zoneName(zone: TimeZoneMode, at: TimeValue = Date.now()): string {
  const parsed = toDate(at) ?? new Date();
  return formatterFor(zone, false, false).formatToParts(parsed).find((part) => part.type === 'timeZoneName')?.value ?? zone;
}

/** "4 min 10 s", "2 h 5 min", "3 d 4 h": the two largest units of a span, for elapsed and relative times. */
export function formatSpan(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  const units: [number, string][] = [
    [Math.floor(seconds / 86_400), 'd'],
    [Math.floor((seconds % 86_400) / 3_600), 'h'],
    [Math.floor((seconds % 3_600) / 60), 'min'],
    [seconds % 60, 's'],
  ];
  const first = units.findIndex(([n]) => n > 0);
  if (first === -1) return '0 s';
  return units
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(' ');
}

/** "in 30 min", "4 min 10 s ago", "just now". */
export function formatRelative(value: TimeValue, now: number): string {
  const parsed = toDate(value);
  if (!parsed) return '';
  const ms = parsed.getTime() - now;
  if (Math.abs(ms) < 5_000) return 'just now';
  // Minutes are precise enough once a time is ten minutes away ("in 59 min", not "in 59 min 58 s").
  const span = Math.abs(ms) >= 600_000 ? Math.round(ms / 60_000) * 60_000 : ms;
  return ms > 0 ? `in ${formatSpan(span)}` : `${formatSpan(span)} ago`;
}

/** A live countdown: "1h 02m 03s" / "4m 10s" / "12s"; negative values read as 0s. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (hours > 0) return `${hours}h ${pad(minutes)}m ${pad(seconds)}s`;
  if (minutes > 0) return `${minutes}m ${pad(seconds)}s`;
  return `${seconds}s`;
}

/** A player's clock: "0:05", "12:34", "1:02:03" (hours only when there are any). */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** "24 hours", "1 hour 30 minutes", "45 seconds": a duration in words, for hints and messages. */
export function formatDurationWords(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  // Whole days read better as hours up to two days ("24 hours", "36 hours").
  let rest = Math.max(0, Math.round(seconds));
  const parts: string[] = [];
  for (const [size, unit] of rest < 2 * 86_400 ? units.slice(1) : units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  }
  return parts.join(' ') || '0 seconds';
}

const isoPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Whether a value is an ISO 8601 timestamp with a zone, as the API writes them. */
export function isIsoTimestamp(value: unknown): value is string {
  return typeof value === 'string' && isoPattern.test(value) && toDate(value) !== null;
}

/** ISO timestamp → `datetime-local` input value ("2025-06-05T08:18") in the chosen zone. */
export function toDateTimeInput(iso: string | undefined, zone: TimeZoneMode): string {
  const date = iso ? toDate(iso) : null;
  if (!date) return '';
  const shifted = zone === 'utc' ? date : new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** `datetime-local` input value read in the chosen zone → ISO 8601 with offset, as the API wants. */
export function fromDateTimeInput(value: string, zone: TimeZoneMode): string | undefined {
  if (!value) return undefined;
  const date = new Date(zone === 'utc' ? `${value}Z` : value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The current time, re-rendering every intervalMs: one clock drives every countdown on a page. */
export function useNow(intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

// One shared slow clock for hover texts ("in 30 min"): a table of times must not run a timer per cell.
const COARSE_TICK_MS = 15_000;
const coarseListeners = new Set<() => void>();
let coarseNow = Date.now();
let coarseTimer: ReturnType<typeof setInterval> | undefined;

function subscribeCoarse(listener: () => void): () => void {
  if (coarseListeners.size === 0) {
    coarseNow = Date.now();
    coarseTimer = setInterval(() => {
      coarseNow = Date.now();
      coarseListeners.forEach((notify) => notify());
    }, COARSE_TICK_MS);
  }
  coarseListeners.add(listener);
  return () => {
    coarseListeners.delete(listener);
    if (coarseListeners.size === 0) clearInterval(coarseTimer);
  };
}

/** The current time to within 15 s, shared by every subscriber. */
export function useCoarseNow(): number {
  return useSyncExternalStore(subscribeCoarse, () => coarseNow);
}

/**
 * "08:18 UTC" for a time on the same day as `now` (in that zone), "Jun 5, 2025, 08:18 UTC"
 * otherwise: for times inside sentences, where seconds are noise.
 */
export function formatWhen(value: TimeValue, zone: TimeZoneMode, now: number): string {
  const parsed = toDate(value);
  if (!parsed) return String(value);
  const dayOf = (at: Date | number) =>
    formatterFor(zone, true, false)
      .formatToParts(at)
      .filter((part) => part.type === 'year' || part.type === 'month' || part.type === 'day')
      .map((part) => part.value)
      .join('-');
  return formatAbsolute(parsed, zone, { date: dayOf(parsed) !== dayOf(now), seconds: false });
}
