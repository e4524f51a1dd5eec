/** Table shapes for Kysely. Times are epoch milliseconds (bigint in PostgreSQL, integer in SQLite). */
import type { Generated } from 'kysely';

export interface UsersTable {
  user_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  created_at: number;
  /** 1: the account may not log in and its logins are ended (DESIGN.md §16). */
  disabled: Generated<number>;
}

export interface LoginTokensTable {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

export interface SessionsTable {
  session_id: string;
  owner_user_id: string;
  device_id: string | null;
  device_name: string;
  host: string;
  port: number;
  username: string;
  instance_id: string;
  state: string;
  created_at: number;
  closed_at: number | null;
  cols: number;
  rows: number;
  owner_connected: number;
  /** DESIGN.md §13: 'live' or 'paused', since when, by whom (email; null: automatic), why. */
  sharing: Generated<string>;
  sharing_since: Generated<number | null>;
  sharing_by: Generated<string | null>;
  sharing_reason: Generated<string | null>;
}

export interface SharesTable {
  share_id: string;
  session_id: string;
  token_hash: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  max_viewers: number | null;
  state: string;
  revoked_at: number | null;
  revoked_by: string | null;
  ended_at: number | null;
  /** 1: joining viewers get the current screen (DESIGN.md §12). */
  show_current_screen: Generated<number>;
}

export interface ShareBarsTable {
  share_id: string;
  user_id: string;
  barred_at: number;
  barred_by: string;
}

export interface ViewerConnectionsTable {
  connection_id: string;
  share_id: string;
  session_id: string;
  user_id: string;
  instance_id: string;
  ip: string | null;
  user_agent: string | null;
  connected_at: number;
  disconnected_at: number | null;
  reason: string | null;
}

export interface AuditEventsTable {
  seq: Generated<number>;
  event_id: string;
  type: string;
  at: number;
  actor_user_id: string | null;
  actor_email: string | null;
  share_id: string | null;
  session_id: string | null;
  ip: string | null;
  user_agent: string | null;
  instance_id: string;
  details: string;
  /** The previous event's hash (DESIGN.md §15); null only on rows no chaining version wrote. */
  prev_hash: string | null;
  /** SHA-256 of the event's canonical JSON (bff/audit/chain.ts). */
  hash: string | null;
}

/** The one row (id 1) naming the end of the audit chain; appends lock it to extend the chain in turn. */
export interface AuditChainHeadTable {
  id: number;
  last_seq: number;
  head_hash: string;
}

/** Trust on first use: the key an ad-hoc SSH host presented first; later keys must match it. */
export interface SshHostKeysTable {
  host_key_id: string;
  host: string;
  port: number;
  algorithm: string;
  fingerprint: string;
  first_seen_at: number;
  first_seen_by: string;
}

/** A session's recording (DESIGN.md §14); `bytes` counts uncompressed output, `stored_bytes` what the chunks take. */
export interface RecordingsTable {
  recording_id: string;
  session_id: string;
  owner_user_id: string;
  device_name: string;
  /** The instance that hosted the session and wrote the recording. */
  instance_id: string;
  started_at: number;
  ended_at: number | null;
  bytes: number;
  stored_bytes: number;
  /** Milliseconds from the start to the last event written. */
  duration_ms: number;
  /** Chunks written so far (their seq run 0 … chunks-1, bar any lost in a store outage). */
  chunks: number;
  /** The size the session started at. */
  cols: number;
  rows: number;
  /** 1: NS_RECORDING_MAX_BYTES was reached and recording stopped. */
  truncated: number;
}

/**
 * Compressed (gzip) events of one stretch of a recording, NDJSON `[ms, "o"|"r", data]`; `keyframe`
 * (gzip JSON {data, cols, rows}) is the screen just before its first event, for seeking.
 */
export interface RecordingChunksTable {
  recording_id: string;
  seq: number;
  first_at: number;
  last_at: number;
  bytes: number;
  data: Buffer;
  keyframe: Buffer | null;
}

export interface Database {
  users: UsersTable;
  login_tokens: LoginTokensTable;
  sessions: SessionsTable;
  shares: SharesTable;
  viewer_connections: ViewerConnectionsTable;
  audit_events: AuditEventsTable;
  audit_chain_head: AuditChainHeadTable;
  ssh_host_keys: SshHostKeysTable;
  share_bars: ShareBarsTable;
  recordings: RecordingsTable;
  recording_chunks: RecordingChunksTable;
}
