import { formatDuration } from '../../../protocol/duration.js';
import type { AuditEvent } from '../../../protocol/rest.js';

const str = (value: unknown): string | null => (typeof value === 'string' || typeof value === 'number' ? String(value) : null);

/** A one-line human summary of an event's details; viewer.left shows how long they watched. */
export function describeDetails(event: AuditEvent): string {
  const details = event.details;
  const reason = str(details.reason);
  switch (event.type) {
    case 'viewer.left': {
      const ms = typeof details.duration_ms === 'number' ? details.duration_ms : null;
      const watched = ms === null ? 'Watched (duration unknown)' : `Watched ${formatDuration(ms / 1000)}`;
      return reason ? `${watched} · ${reason}` : watched;
    }
    case 'viewer.denied':
      return reason ? `Refused: ${reason}` : 'Refused';
    case 'share.created': {
      const parts = [str(details.expires_in) && `expires in ${str(details.expires_in)}`, str(details.max_viewers) && `max ${str(details.max_viewers)} viewers`];
      return parts.filter(Boolean).join(' · ') || compactJson(details);
    }
    default:
      return compactJson(details);
  }
}

function compactJson(details: Record<string, unknown>): string {
  const entries = Object.entries(details);
  if (entries.length === 0) return '';
  return entries.map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`).join(' · ');
}

/** `datetime-local` value (local time, no zone) → ISO 8601 with offset, as the API wants. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
