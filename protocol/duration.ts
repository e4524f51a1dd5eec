/**
 * `expires_in` parsing (DESIGN.md §5): "30m", "1h", "4h", "1h30m", "2h15m", "90s", or a number of
 * seconds. Shared by the share dialog (validation as you type) and the server (the rule).
 */
const unitSeconds = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
const durationPattern = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Seconds in a duration string or number, or null when it is not a well-formed duration. */
export function parseDuration(input: string | number): number | null {
  if (typeof input === 'number') {
    return Number.isInteger(input) && input > 0 ? input : null;
  }
  const text = input.trim().toLowerCase();
  if (/^\d+$/.test(text)) return Number(text) > 0 ? Number(text) : null;
  const match = durationPattern.exec(text);
  if (!match || text === '') return null;
  const [, d, h, m, s] = match;
  const total =
    Number(d ?? 0) * unitSeconds.d +
    Number(h ?? 0) * unitSeconds.h +
    Number(m ?? 0) * unitSeconds.m +
    Number(s ?? 0) * unitSeconds.s;
  return total > 0 ? total : null;
}

/** "1h30m" style rendering of a number of seconds (for messages and the UI). */
export function formatDuration(seconds: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(seconds));
  for (const [unit, size] of Object.entries(unitSeconds)) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('') || '0s';
}

export const minShareSeconds = 60;

export type ExpiryCheck = { ok: true; seconds: number } | { ok: false; message: string };

/** The full expires_in rule: well formed, at least 1 minute, at most maxSeconds. */
export function checkExpiresIn(input: string | number, maxSeconds: number): ExpiryCheck {
  const seconds = parseDuration(input);
  if (seconds === null) {
    return { ok: false, message: 'expires_in must look like 30m, 1h, 4h, 1h30m or a number of seconds' };
  }
  if (seconds < minShareSeconds) return { ok: false, message: 'expires_in must be at least 1m' };
  if (seconds > maxSeconds) {
    return { ok: false, message: `expires_in must be at most ${formatDuration(maxSeconds)}` };
  }
  return { ok: true, seconds };
}
