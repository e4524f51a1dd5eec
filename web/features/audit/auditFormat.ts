import type { AuditEvent, AuditType } from '../../../protocol/rest.js';
import { formatRelative, formatSpan, formatWhen, isIsoTimestamp, type TimeZoneMode } from '../../ui/time.js';

/** What a sentence needs beyond the event: the zone times are shown in, and the page's clock. */
export interface DescribeContext {
  zone: TimeZoneMode;
  now: number;
}

type Details = Record<string, unknown>;
type Describe = (details: Details, context: DescribeContext, event: AuditEvent) => string;

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '') || typeof value === 'number' ? String(value) : null;
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const address = (d: Details) => [text(d.host), text(d.port)].filter(Boolean).join(':') || 'an unknown host';

/** Why a viewer's watch ended (README "Audit": viewer.left reasons). */
const leaveReasons: Record<string, string> = {
  disconnected: 'closed the viewer or lost the connection',
  revoked: 'the share was revoked',
  expired: 'the share expired',
  timeout: 'the connection timed out',
  slow_consumer: 'the viewer could not keep up with the output',
  oversized_frame: 'the viewer sent an oversized message',
  session_ended: 'the session ended',
  instance_lost: 'its Controller instance was lost',
  instance_restarted: 'the Controller restarted',
};

/** Why a join was refused (README "Audit": viewer.denied reasons). */
const denyReasons: Record<string, string> = {
  not_logged_in: 'not signed in',
  forbidden: 'the account may not view shares',
  unknown_token: 'unknown or mistyped link',
  expired: 'the link had expired',
  revoked: 'the link had been revoked',
  session_ended: 'the session had ended',
  rate_limited: 'too many attempts',
};

/** How a session ended (README "Audit": session.closed reasons). */
const closeReasons: Record<string, string> = {
  closed_by_owner: 'Closed by its owner',
  closed_by_admin: 'Closed by an admin',
  device_closed: 'The device closed the connection',
  owner_grace_expired: 'The owner did not come back within the grace period',
  shutdown: 'The Controller shut down',
  instance_lost: 'Its Controller instance was lost',
  instance_restarted: 'The Controller restarted',
};

const reasonIn = (table: Record<string, string>, reason: unknown) => {
  const code = text(reason);
  return code === null ? null : (table[code] ?? code.replaceAll('_', ' '));
};

function shareCreated(d: Details, { zone, now }: DescribeContext, event: AuditEvent): string {
  const parts: string[] = [];
  const expiresAt = text(d.expires_at);
  if (expiresAt && isIsoTimestamp(expiresAt)) {
    const at = new Date(expiresAt).getTime();
    const when = formatWhen(expiresAt, zone, now);
    parts.push(at > now ? `Expires ${when} (${formatRelative(at, now)})` : `Set to expire ${when} (a ${formatSpan(at - new Date(event.at).getTime())} link)`);
  }
  const max = typeof d.max_viewers === 'number' ? d.max_viewers : null;
  parts.push(max === null ? 'no viewer limit' : `up to ${count(max, 'viewer')}`);
  if (d.show_current_screen === true) parts.push('viewers see the current screen on join');
  return parts.join(' · ');
}

const ended = (verb: string) => (d: Details) => {
  const n = typeof d.viewers_disconnected === 'number' ? d.viewers_disconnected : null;
  if (n === null) return verb;
  return n === 0 ? `${verb}; nobody was watching` : `${verb}; ${count(n, 'viewer')} disconnected`;
};

function viewerLeft(d: Details): string {
  const watched = typeof d.duration_ms === 'number' ? `Watched for ${formatSpan(d.duration_ms)}` : 'Stopped watching';
  const reason = reasonIn(leaveReasons, d.reason);
  return reason ? `${watched} · ${reason}` : watched;
}

function viewerDenied(d: Details): string {
  if (d.reason === 'max_viewers') return typeof d.max_viewers === 'number' ? `Refused: the limit of ${count(d.max_viewers, 'viewer')} was reached` : 'Refused: the viewer limit was reached';
  const reason = reasonIn(denyReasons, d.reason);
  return reason ? `Refused: ${reason}` : 'Refused';
}

function sessionOpened(d: Details): string {
  const device = text(d.device);
  const where = address(d);
  return device && device !== where ? `Opened ${device} (${where})` : `Opened ${where}`;
}

const loginsEnded = (d: Details) => (typeof d.logins_ended === 'number' && d.logins_ended > 0 ? ` · ${count(d.logins_ended, 'login')} ended` : '');
const subject = (d: Details) => text(d.email) ?? text(d.user_id) ?? 'a user';

function userUpdated(d: Details): string {
  const changes = [
    text(d.role) && `role → ${text(d.role)?.replaceAll('_', ' ')}`,
    text(d.name) && `name → ${text(d.name)}`,
    typeof d.disabled === 'boolean' && (d.disabled ? 'disabled' : 'enabled'),
  ].filter(Boolean);
  return `Updated ${subject(d)}${changes.length > 0 ? `: ${changes.join(', ')}` : ''}${loginsEnded(d)}`;
}

/** "64 MiB", "512 KiB", "900 bytes". */
function bytesText(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const units: [number, string][] = [[1024 ** 3, 'GiB'], [1024 ** 2, 'MiB'], [1024, 'KiB']];
  const [size, unit] = units.find(([n]) => value >= n) ?? [1, 'bytes'];
  return `${Number((value / size).toFixed(1))} ${unit}`;
}

const recordingViews: Record<string, string> = {
  metadata: 'Looked up the recording',
  playback: 'Played the recording',
  cast: 'Opened the recording as an asciicast file',
};

function recordingViewed(d: Details): string {
  if (d.view !== 'list') return recordingViews[text(d.view) ?? ''] ?? 'Viewed the recording';
  const n = typeof d.count === 'number' ? d.count : null;
  const filters = d.filters && typeof d.filters === 'object' ? Object.keys(d.filters as object).map((key) => key.replaceAll('_', ' ')) : [];
  return `Listed ${n === null ? 'recordings' : count(n, 'recording')}${filters.length > 0 ? `, filtered by ${filters.join(', ')}` : ''}`;
}

/** One sentence per audit type in protocol/ (the Record makes a new type a compile error here). */
const describers: Record<AuditType, Describe> = {
  'share.created': shareCreated,
  'share.revoked': ended('Revoked'),
  'share.expired': ended('Expired'),
  'viewer.joined': (d) => (d.snapshot === true ? 'Started watching, from the current screen' : 'Started watching'),
  'viewer.left': viewerLeft,
  'viewer.denied': viewerDenied,
  'session.opened': sessionOpened,
  'session.closed': (d) => reasonIn(closeReasons, d.reason) ?? 'Closed',
  'sharing.paused': (d) => (d.reason === 'password_prompt' ? 'Sharing paused by itself at a password prompt' : 'Sharing paused'),
  'sharing.resumed': (d) => (d.reason === 'password_prompt' ? 'Sharing resumed after the password was entered' : 'Sharing resumed'),
  'viewer.removed': (d) => `Removed ${text(d.email) ?? 'a viewer'}${d.barred === true ? ' and barred them from this share' : ''}`,
  'share.extended': (d) => (text(d.expires_at) ? `Extended to ${text(d.expires_at)}` : 'Extended'),
  'session.open_failed': (d) => `Could not open a session${text(d.host) ? ` to ${text(d.host)}` : ''}${text(d.detail) ? `: ${text(d.detail)}` : ''}`,
  'user.created': (d) => `Created ${text(d.role)?.replaceAll('_', ' ') ?? 'a'} account ${text(d.email) ?? ''}`.trim(),
  'user.login': () => 'Signed in',
  'user.login_failed': (d) => (text(d.email) ? `Failed sign-in as ${text(d.email)}` : 'Failed sign-in'),
  'user.updated': userUpdated,
  'user.disabled': (d) => `Disabled ${subject(d)}${loginsEnded(d)}`,
  'user.enabled': (d) => `Enabled ${subject(d)}`,
  'user.password_changed': (d) => `Changed the password of ${subject(d)}${loginsEnded(d)}`,
  'user.logins_revoked': (d) => `Signed ${subject(d)} out everywhere${loginsEnded(d)}`,
  'ssh.host_key_trusted': (d) => `Trusted the ${text(d.algorithm) ?? ''} key of ${address(d)} on first use: ${text(d.fingerprint) ?? 'unknown fingerprint'}`,
  'ssh.host_key_mismatch': (d) =>
    `Refused ${address(d)}: it presented ${text(d.presented) ?? 'another key'} instead of the pinned ${text(d.expected) ?? 'key'}`,
  'ssh.host_key_forgotten': (d) => `Forgot the pinned key of ${address(d)} (${text(d.fingerprint) ?? 'unknown fingerprint'})`,
  'recording.viewed': recordingViewed,
  'recording.downloaded': () => 'Downloaded the recording (asciicast file)',
  'recording.deleted': (d) => (text(d.retention) ? `Deleted the recording: older than the ${text(d.retention)} retention` : 'Deleted the recording'),
  'recording.truncated': (d) => `Recording stopped: the session reached the ${bytesText(d.max_bytes) ?? 'size'} limit; later output is not recorded`,
};

/** "expires_at" → "Expires at"; ISO times in the chosen zone; objects as compact JSON. */
function genericDetails(details: Details, { zone, now }: DescribeContext): string {
  return Object.entries(details)
    .map(([key, value]) => {
      const label = key.charAt(0).toUpperCase() + key.slice(1).replaceAll('_', ' ');
      if (isIsoTimestamp(value)) return `${label}: ${formatWhen(value, zone, now)}`;
      if (value === null || value === undefined) return `${label}: none`;
      return `${label}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`;
    })
    .join(' · ');
}

/** The event's details as a human sentence, e.g. "Expires 08:18 UTC (in 30 min) · no viewer limit". */
export function describeDetails(event: AuditEvent, context: DescribeContext): string {
  const describe = (describers as Partial<Record<string, Describe>>)[event.type];
  return describe ? describe(event.details, context, event) : genericDetails(event.details, context);
}

/** "share_3f2a9c…": ids are long; the full one is in the title and the filter link. */
export function shortId(id: string, keep = 6): string {
  const underscore = id.indexOf('_');
  const head = underscore === -1 ? 0 : underscore + 1;
  return id.length > head + keep + 1 ? `${id.slice(0, head + keep)}…` : id;
}
