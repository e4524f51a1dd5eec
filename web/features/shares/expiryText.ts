import { minShareSeconds, parseDuration } from '../../../protocol/duration.js';
import { formatDurationWords } from '../../ui/time.js';

export type CustomExpiry = { ok: true; seconds: number } | { ok: false; message: string };

const formatHelp = 'Use a duration like 45m, 2h or 1h30m, or a number of seconds.';

/** The share dialog's check of a custom expiry, in the product's words ("At most 24 hours."). */
export function checkCustomExpiry(text: string, maxSeconds: number): CustomExpiry {
  if (text.trim() === '') return { ok: false, message: 'Enter how long the link should work, e.g. 2h or 1h30m.' };
  const seconds = parseDuration(text);
  if (seconds === null) return { ok: false, message: formatHelp };
  if (seconds < minShareSeconds) return { ok: false, message: `At least ${formatDurationWords(minShareSeconds)}.` };
  if (seconds > maxSeconds) return { ok: false, message: `At most ${formatDurationWords(maxSeconds)}.` };
  return { ok: true, seconds };
}

/**
 * The server's expires_in refusal ("expires_in must be at most 4h", its NS_SHARE_MAX_TTL may be
 * lower than the dialog's default) in the same words as the dialog's own check.
 */
export function describeServerExpiryError(message: string): string {
  const bound = /at (most|least) (\S+)$/.exec(message.trim());
  const seconds = bound?.[2] ? parseDuration(bound[2]) : null;
  if (!bound || seconds === null) return formatHelp;
  return `${bound[1] === 'most' ? 'At most' : 'At least'} ${formatDurationWords(seconds)}.`;
}

/** "From 1 minute up to 24 hours, e.g. 2h or 1h30m." */
export function expiryHint(maxSeconds: number): string {
  return `From ${formatDurationWords(minShareSeconds)} up to ${formatDurationWords(maxSeconds)}, e.g. 2h or 1h30m.`;
}
