/**
 * REST bodies of the public HTTP API (DESIGN.md §4, §5, §7, §8). Field names exactly as on the wire.
 */
import { z } from 'zod';

export const Role = z.enum(['admin', 'noc_lead', 'engineer', 'guest']);
export type Role = z.infer<typeof Role>;

export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorBody = z.infer<typeof ErrorBody>;

// ---- input strings ----

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;

/** True when `text` holds no control character (C0, DEL, C1): NUL above all, which PostgreSQL refuses in text. */
export const hasNoControlCharacters = (text: string): boolean => !controlCharacter.test(text);

/**
 * Every string a client sends that names something (ids, emails, hosts, user names, filters,
 * cursors, durations): no control characters. Route parameters and query strings are held to
 * the same rule (bff/http/validate.ts).
 */
export const SafeString = z.string().refine(hasNoControlCharacters, 'must not contain control characters');

/** Secrets and keys may hold any character a person or a PEM file puts there, but never NUL. */
export const NoNulString = z.string().refine((text) => !text.includes('\u0000'), 'must not contain NUL characters');

// ---- auth and users ----

export const LoginRequest = z.object({ email: SafeString.min(1).max(320), password: NoNulString.min(1).max(1024) });
export type LoginRequest = z.infer<typeof LoginRequest>;

export const User = z.object({ user_id: z.string(), email: z.string(), name: z.string(), role: Role });
export type User = z.infer<typeof User>;

export const LoginResponse = z.object({ token: z.string(), user: User, expires_at: z.string().optional() });
export type LoginResponse = z.infer<typeof LoginResponse>;

/**
 * Text a person typed for others to read (names): no control characters (NUL, escapes) and no
 * bidirectional overrides, which can make a name display as something else.
 */
export const DisplayText = z
  .string()
  .trim()
  .min(1)
  .max(200)
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  .refine((text) => !/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(text), 'must not contain control or bidirectional-override characters');

export const CreateUserRequest = z.object({
  email: z.email().max(320),
  name: DisplayText,
  password: NoNulString.min(8, 'password must be at least 8 characters').max(1024),
  role: Role,
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

/** PATCH /api/v1/users/:id (DESIGN.md §16): any of the fields; at least one. */
export const UpdateUserRequest = z
  .object({ role: Role.optional(), name: DisplayText.optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((body) => body.role !== undefined || body.name !== undefined || body.disabled !== undefined, 'give role, name or disabled');
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

/** POST /api/v1/users/:id/password: an admin sets it; a user changing their own gives the current one. */
export const ChangePasswordRequest = z.object({
  password: NoNulString.min(8, 'password must be at least 8 characters').max(1024),
  current_password: NoNulString.min(1).max(1024).optional(),
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const LoginsRevoked = z.object({ user_id: z.string(), logins_revoked: z.number().int() });
export type LoginsRevoked = z.infer<typeof LoginsRevoked>;

/** An account as the Admin page lists it. */
export const UserListItem = User.extend({ created_at: z.string(), disabled: z.boolean() });
export type UserListItem = z.infer<typeof UserListItem>;

export const UserList = z.object({ users: z.array(UserListItem) });
export type UserList = z.infer<typeof UserList>;

// ---- devices and sessions ----

export const Device = z.object({
  device_id: z.string(),
  name: z.string(),
  host: z.string(),
  port: z.number().int(),
  kind: z.string(),
});
export type Device = z.infer<typeof Device>;
export const DeviceList = z.object({ devices: z.array(Device) });

export const CreateSessionRequest = z.union([
  z.object({ device_id: SafeString.min(1).max(100) }),
  z
    .object({
      host: SafeString.min(1).max(255),
      port: z.number().int().min(1).max(65_535).default(22),
      username: SafeString.min(1).max(100),
      password: NoNulString.max(1024).optional(),
      private_key: NoNulString.max(16_384).optional(),
    })
    .refine((b) => b.password !== undefined || b.private_key !== undefined, {
      message: 'password or private_key is required',
    }),
]);
export type CreateSessionRequest = z.infer<typeof CreateSessionRequest>;

export const SessionState = z.enum(['active', 'closed']);
export const Owner = z.object({ user_id: z.string(), email: z.string() });
export const Session = z.object({
  session_id: z.string(),
  device: z.object({ device_id: z.string().nullable(), name: z.string(), host: z.string(), port: z.number() }),
  owner: Owner,
  created_at: z.string(),
  state: SessionState,
  closed_at: z.string().nullable().optional(),
  cols: z.number().int().optional(),
  rows: z.number().int().optional(),
  /** DESIGN.md §13: whether viewers currently see the session. */
  sharing: z.enum(['live', 'paused']).optional(),
  /** In the answer to POST /sessions: the key the host presented, and whether it was pinned just now. */
  host_key: z.object({ algorithm: z.string(), fingerprint: z.string(), first_use: z.boolean() }).optional(),
});
export type Session = z.infer<typeof Session>;
export const SessionList = z.object({ sessions: z.array(Session) });

// ---- shares ----

export const ShareState = z.enum(['active', 'expired', 'revoked']);
export type ShareState = z.infer<typeof ShareState>;

export const CreateShareRequest = z.object({
  expires_in: z.union([SafeString.max(32), z.number()]).optional(),
  max_viewers: z.number().int().positive().max(100_000).nullable().optional(),
  require_auth: z.boolean().optional(),
  /** DESIGN.md §12: joining viewers get the current screen first. Default false. */
  show_current_screen: z.boolean().optional(),
});
export type CreateShareRequest = z.infer<typeof CreateShareRequest>;

export const Viewer = z.object({
  user_id: z.string(),
  email: z.string(),
  name: z.string().optional(),
  connected_at: z.string(),
  /** DESIGN.md §13: names the connection for DELETE …/viewers/:connection_id. */
  connection_id: z.string().optional(),
});
export type Viewer = z.infer<typeof Viewer>;

export const ShareCreated = z.object({
  share_id: z.string(),
  token: z.string(),
  share_url: z.string(),
  websocket_url: z.string(),
  expires_at: z.string(),
  created_at: z.string(),
  created_by: z.string(),
  session_id: z.string(),
  state: ShareState,
  max_viewers: z.number().nullable(),
  show_current_screen: z.boolean().optional(),
});
export type ShareCreated = z.infer<typeof ShareCreated>;

export const ShareSummary = z.object({
  share_id: z.string(),
  session_id: z.string(),
  state: ShareState,
  created_at: z.string(),
  expires_at: z.string(),
  created_by: z.string(),
  max_viewers: z.number().nullable(),
  revoked_at: z.string().nullable(),
  revoked_by: z.string().nullable(),
  viewer_count: z.number().int(),
  viewers: z.array(Viewer),
  owner: Owner.extend({ name: z.string() }),
  device: z.object({ name: z.string() }),
  show_current_screen: z.boolean().optional(),
});
export type ShareSummary = z.infer<typeof ShareSummary>;
/** A page of shares, newest first; `next_cursor` fetches the next page, `total` counts every match. */
export const ShareList = z.object({ shares: z.array(ShareSummary), next_cursor: z.string().nullable().optional(), total: z.number().int().optional() });
export type ShareList = z.infer<typeof ShareList>;

const SharePage = {
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'cursor is not valid').optional(),
};

/** GET /api/v1/shares (Manage Shares): the active ones unless asked otherwise. */
export const ShareListQuery = z.object({ state: z.enum(['active', 'expired', 'revoked', 'all']).default('active'), ...SharePage });
export type ShareListQuery = z.infer<typeof ShareListQuery>;

/** GET /api/v1/sessions/:id/shares: every share of the session, active and ended, unless filtered. */
export const SessionShareListQuery = z.object({ state: z.enum(['active', 'expired', 'revoked', 'all']).default('all'), ...SharePage });

export const RevokeResponse = z.object({
  share_id: z.string(),
  state: z.literal('revoked'),
  revoked_at: z.string(),
  revoked_by: z.string(),
  viewers_disconnected: z.number().int(),
});
export type RevokeResponse = z.infer<typeof RevokeResponse>;

/** GET /api/v1/shared/:token — what the viewer page needs before connecting. */
export const SharedInfo = z.object({
  share_id: z.string(),
  session_id: z.string(),
  state: ShareState,
  expires_at: z.string(),
  owner: z.object({ user_id: z.string(), email: z.string(), name: z.string() }),
  device: z.object({ name: z.string() }),
  websocket_url: z.string(),
});
export type SharedInfo = z.infer<typeof SharedInfo>;

// ---- SSH host keys (trust on first use, per host and port) ----

export const SshHostKey = z.object({
  host_key_id: z.string(),
  host: z.string(),
  port: z.number().int(),
  algorithm: z.string(),
  fingerprint: z.string(),
  first_seen_at: z.string(),
  first_seen_by: z.object({ user_id: z.string(), email: z.string().nullable() }),
});
export type SshHostKey = z.infer<typeof SshHostKey>;
export const SshHostKeyList = z.object({ host_keys: z.array(SshHostKey) });
export type SshHostKeyList = z.infer<typeof SshHostKeyList>;

// ---- audit ----

export const AuditType = z.enum([
  'share.created',
  'share.revoked',
  'share.expired',
  'viewer.joined',
  'viewer.left',
  'viewer.denied',
  'session.opened',
  'session.closed',
  'user.created',
  'user.login',
  'user.login_failed',
  'user.updated',
  'user.disabled',
  'user.enabled',
  'user.password_changed',
  'user.logins_revoked',
  'sharing.paused',
  'sharing.resumed',
  'viewer.removed',
  'share.extended',
  'ssh.host_key_trusted',
  'ssh.host_key_mismatch',
  'ssh.host_key_forgotten',
  'session.open_failed',
  // Session recordings (DESIGN.md §14).
  'recording.viewed',
  'recording.downloaded',
  'recording.deleted',
  'recording.truncated',
]);
export type AuditType = z.infer<typeof AuditType>;

export const AuditEvent = z.object({
  event_id: z.string(),
  type: AuditType,
  at: z.string(),
  actor_user_id: z.string().nullable(),
  actor_email: z.string().nullable(),
  share_id: z.string().nullable(),
  session_id: z.string().nullable(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  instance_id: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditQuery = z.object({
  /** One event by its id (the link from a failed chain verdict to the first bad event). */
  event_id: SafeString.max(100).optional(),
  share_id: SafeString.max(100).optional(),
  session_id: SafeString.max(100).optional(),
  user_id: SafeString.max(100).optional(),
  type: AuditType.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: SafeString.max(200).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = z.object({ events: z.array(AuditEvent), next_cursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

/**
 * One line of an NDJSON export (DESIGN.md §15): the event with its place in the hash chain.
 * `id` is the event's position in the chain (1, 2, 3, … with no gaps); the genesis `prev_hash` is
 * 64 zeros; `hash` is the hex SHA-256 of the event's canonical JSON.
 */
export const AuditExportEvent = AuditEvent.extend({
  id: z.number().int().positive(),
  prev_hash: z.string(),
  hash: z.string(),
});
export type AuditExportEvent = z.infer<typeof AuditExportEvent>;

/** Why a chain failed to verify, for the first bad event found oldest first. */
export const AuditChainFault = z.enum([
  /** The event's fields no longer give its hash: a field was edited. */
  'hash_mismatch',
  /** prev_hash is not the previous event's hash: an event was deleted, inserted or moved. */
  'broken_link',
  /** The ids jump even though the links hold: events were deleted and the rest re-hashed. */
  'seq_gap',
  /** The chain ends elsewhere than the recorded head: events were cut off the end. */
  'head_mismatch',
  /** Offline only: a line of the file is not an exported event. */
  'malformed_line',
]);
export type AuditChainFault = z.infer<typeof AuditChainFault>;

/** GET /api/v1/audit/verify and `npm run audit:verify` print the same verdict. */
export const AuditChainVerdict = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), events: z.number().int(), head: z.string() }),
  z.object({ ok: z.literal(false), events_checked: z.number().int(), first_bad_event_id: z.string().nullable(), reason: AuditChainFault }),
]);
export type AuditChainVerdict = z.infer<typeof AuditChainVerdict>;

export const Instance = z.object({
  instance_id: z.string(),
  url: z.string(),
  registered_at: z.string(),
  last_heartbeat: z.string(),
  sessions_hosted: z.number().int(),
  viewers_connected: z.number().int(),
  status: z.enum(['up', 'lost']),
});
export type Instance = z.infer<typeof Instance>;
export const InstanceList = z.object({ mode: z.enum(['single', 'ha']), instances: z.array(Instance) });
export type InstanceList = z.infer<typeof InstanceList>;

// ---- owner control of a live share (DESIGN.md §13) ----

export const SharingState = z.enum(['live', 'paused']);
export type SharingState = z.infer<typeof SharingState>;
export const PauseReason = z.enum(['owner', 'password_prompt']);
export type PauseReason = z.infer<typeof PauseReason>;

/** POST /api/v1/sessions/:id/pause and /resume. */
export const SharingStatus = z.object({
  session_id: z.string(),
  sharing: SharingState,
  since: z.string(),
  by: z.string().nullable(),
  reason: PauseReason.nullable(),
});
export type SharingStatus = z.infer<typeof SharingStatus>;

/** PATCH /api/v1/sessions/:id/shares/:share_id: a new expiry from now. */
export const ExtendShareRequest = z.object({ expires_in: z.union([SafeString.max(32), z.number()]) });
export type ExtendShareRequest = z.infer<typeof ExtendShareRequest>;

export const RemoveViewerQuery = z.object({ bar: z.enum(['true', 'false']).default('false') });

/** DELETE /api/v1/sessions/:id/shares/:share_id/viewers/:connection_id. */
export const ViewerRemoved = z.object({
  connection_id: z.string(),
  user_id: z.string(),
  removed_at: z.string(),
  removed_by: z.string(),
  barred: z.boolean(),
});
export type ViewerRemoved = z.infer<typeof ViewerRemoved>;

// ---- session recordings (DESIGN.md §14) ----

export const Recording = z.object({
  recording_id: z.string(),
  session_id: z.string(),
  device: z.object({ name: z.string() }),
  owner: z.object({ user_id: z.string(), email: z.string(), name: z.string() }),
  started_at: z.string(),
  ended_at: z.string().nullable(),
  bytes: z.number().int(),
  duration_ms: z.number().int(),
  shared: z.boolean(),
  truncated: z.boolean().optional(),
  cols: z.number().int().optional(),
  rows: z.number().int().optional(),
  /** Bytes the recording takes in the store (compressed output and keyframes). */
  stored_bytes: z.number().int().optional(),
});
export type Recording = z.infer<typeof Recording>;

/**
 * A session has at most one recording, and its id follows from the session's, so a page that
 * knows a session (Manage Shares, the audit log) links to its recording without asking first.
 */
export const recordingIdFor = (sessionId: string): string => `rec_${sessionId.replace(/^sess_/, '')}`;

/** One recorded event: milliseconds since the recording started, `o` output or `r` resize ("COLSxROWS"), data. */
export const RecordingEvent = z.tuple([z.number().int().nonnegative(), z.enum(['o', 'r']), z.string()]);
export type RecordingEvent = z.infer<typeof RecordingEvent>;

/** A screen to start playback from: ANSI that repaints it (starting with RIS), at its size. */
export const RecordingKeyframe = z.object({ data: z.string(), cols: z.number().int(), rows: z.number().int() });
export type RecordingKeyframe = z.infer<typeof RecordingKeyframe>;

/** Where a stored chunk sits in the recording; `keyframe`: it starts with the screen as it was then. */
export const RecordingChunkInfo = z.object({
  seq: z.number().int(),
  start_ms: z.number().int(),
  end_ms: z.number().int(),
  bytes: z.number().int(),
  keyframe: z.boolean(),
});
export type RecordingChunkInfo = z.infer<typeof RecordingChunkInfo>;

/** GET /api/v1/recordings/:id/timeline: what a player needs to seek (DESIGN.md §14, the web player). */
export const RecordingTimeline = z.object({ recording: Recording, chunks: z.array(RecordingChunkInfo) });
export type RecordingTimeline = z.infer<typeof RecordingTimeline>;

/** GET /api/v1/recordings/:id/chunks/:seq: the chunk's events, after the screen they start from. */
export const RecordingChunk = RecordingChunkInfo.omit({ keyframe: true }).extend({
  keyframe: RecordingKeyframe.nullable(),
  events: z.array(RecordingEvent),
});
export type RecordingChunk = z.infer<typeof RecordingChunk>;

/** GET /api/v1/recordings/:id/cast: `download=1` answers as an attachment. */
export const RecordingCastQuery = z.object({ download: z.enum(['0', '1']).optional() });

export const RecordingList = z.object({ recordings: z.array(Recording), next_cursor: z.string().nullable() });
export type RecordingList = z.infer<typeof RecordingList>;

export const RecordingQuery = z.object({
  session_id: SafeString.max(100).optional(),
  user_id: SafeString.max(100).optional(),
  device: SafeString.max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'cursor is not valid').optional(),
});
export type RecordingQuery = z.infer<typeof RecordingQuery>;
